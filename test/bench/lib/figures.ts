export interface Figure {
  name: string;
  value: number;
  unit: string;
  baselineName: string;
  baseline: number;
  /** value / baseline. */
  ratio: number;
  target: string;
  met: boolean;
  notes?: string;
}

export function figure(f: Omit<Figure, 'ratio'>): Figure {
  return { ...f, ratio: f.baseline ? Number((f.value / f.baseline).toFixed(3)) : Number.NaN };
}

export const round = (v: number, digits = 1) => Number(v.toFixed(digits));
