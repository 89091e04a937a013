import type { Measurement } from './bench.helpers';

export interface Row {
  id: string;
  name: string;
  writers: string;
  figure: number;
  unit: string;
  measurement?: Measurement;
  /** Our figure divided by Emmett's corresponding one (1 for Emmett's own rows). */
  ratio?: number;
  /** The aim from the issue, and whether the figure meets it. */
  aim?: { text: string; met: boolean };
}

const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const milliseconds = (value: number | undefined) =>
  value === undefined || Number.isNaN(value) ? '' : value.toFixed(2);

export function formatInteger(value: number): string {
  return integer.format(value);
}

/** Aim checks never change the exit code: they are printed, nothing more. */
export function aimAtLeast(text: string, value: number | undefined, threshold: number): Row['aim'] {
  return { text, met: value !== undefined && value >= threshold };
}

export function formatTable(rows: readonly Row[]): string {
  const header = [
    '#',
    'measurement',
    'writers',
    'figure',
    'unit',
    'p50 ms',
    'p99 ms',
    'max ms',
    'node CPU',
    'vs Emmett',
    'aim (issue)',
  ];
  const cells = rows.map((row) => [
    row.id,
    row.name,
    row.writers,
    integer.format(row.figure),
    row.unit,
    milliseconds(row.measurement?.p50Ms),
    milliseconds(row.measurement?.p99Ms),
    milliseconds(row.measurement?.maxMs),
    row.measurement && !Number.isNaN(row.measurement.clientCpu)
      ? `${Math.round(row.measurement.clientCpu * 100)}%`
      : '',
    row.ratio === undefined ? '' : `${row.ratio.toFixed(2)}×`,
    row.aim ? `${row.aim.text}: ${row.aim.met ? 'met' : 'NOT met'}` : '',
  ]);
  const widths = header.map((title, column) =>
    Math.max(title.length, ...cells.map((line) => line[column].length)),
  );
  const rightAligned = new Set([2, 3, 5, 6, 7, 8, 9]);
  const render = (line: readonly string[]) =>
    line
      .map((cell, column) =>
        rightAligned.has(column) ? cell.padStart(widths[column]) : cell.padEnd(widths[column]),
      )
      .join('  ')
      .trimEnd();
  return [render(header), widths.map((width) => '-'.repeat(width)).join('  '), ...cells.map(render)].join(
    '\n',
  );
}
