/** A page that only has something to say (no token, an unknown address, a screen not built yet). */
export function Message({ text, testId = 'message' }: { text: string; testId?: string }) {
  return (
    <div className="message" data-testid={testId} role="status">
      {text}
    </div>
  );
}
