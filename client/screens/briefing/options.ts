import { SLIDES, type Slide } from '@shared/briefing/config';

/** Which moment the briefing shows: a seq, a time, or now (frozen when the page opens). */
export type Moment = { seq: number } | { at: string } | null;

export interface BriefingOptions {
  /** The slides in order: `?slides=` or the province config's order. */
  slides: Slide[];
  /** The slide to open on (`?slide=`). */
  slide: Slide;
  /** The baseline's seq (`?baseline=`); null: the previous mark. */
  baseline: number | null;
  moment: Moment;
  lang: string | null;
  /** Every slide one under the other, for printing (`?print=1`). */
  print: boolean;
}

const isSlide = (s: string): s is Slide => (SLIDES as readonly string[]).includes(s);
const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:\d\d)$/;

/** The briefing's options from its address; anything unreadable falls back to the default. */
export function parseBriefingOptions(search: string, configured: readonly Slide[]): BriefingOptions {
  const q = new URLSearchParams(search);
  const listed = (q.get('slides') ?? '').split(',').map((s) => s.trim()).filter(isSlide);
  const slides = [...new Set(listed.length ? listed : configured.length ? configured : SLIDES)];
  const wanted = q.get('slide') ?? '';
  const slide = isSlide(wanted) && slides.includes(wanted) ? wanted : slides[0]!;
  const baseline = /^\d+$/.test(q.get('baseline') ?? '') ? Number(q.get('baseline')) : null;
  const seq = q.get('seq') ?? '';
  const at = q.get('at') ?? '';
  const moment: Moment = /^\d+$/.test(seq) ? { seq: Number(seq) } : ISO.test(at) && !Number.isNaN(Date.parse(at)) ? { at } : null;
  return { slides, slide, baseline, moment, lang: q.get('lang'), print: q.get('print') === '1' };
}

/** The address's query for these options, keeping parameters the briefing does not own. */
export function briefingSearch(search: string, o: { slide: Slide; baseline: number | null; moment: Moment }): string {
  const q = new URLSearchParams(search);
  q.set('slide', o.slide);
  if (o.baseline === null) q.delete('baseline');
  else q.set('baseline', String(o.baseline));
  q.delete('seq');
  q.delete('at');
  if (o.moment && 'seq' in o.moment) q.set('seq', String(o.moment.seq));
  if (o.moment && 'at' in o.moment) q.set('at', o.moment.at);
  return `?${q.toString()}`;
}
