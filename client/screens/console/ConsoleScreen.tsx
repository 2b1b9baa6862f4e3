import type { ScreenProps } from '../../app/screen';
import { fill, messagesFor } from '../../i18n';
import { Message } from '../../ui/Message';

/** /console: a placeholder until the screen is built on the shared data layer, UI kit and panels. */
export default function ConsoleScreen({ search }: ScreenProps) {
  const { messages: t } = messagesFor(new URLSearchParams(search).get('lang'));
  return <Message text={fill(t.notBuilt, { screen: t.screen_console })} testId="not-built" />;
}
