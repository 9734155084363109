import { formatPercent, percentOf, toDecimal, type DecimalLike } from './format.js';
import type { CardElement, MoneyLike } from './types.js';

export type TrendPoint = { label: string; amount: MoneyLike };

/**
 * VChart draws numbers, so the chart alone turns amounts into floats, rounded to cents: it is a picture.
 * The exact figures always sit in text beside it.
 */
function plotValue(m: MoneyLike): number {
  return toDecimal(m).toDecimalPlaces(2).toNumber();
}

/** A line chart (card 2.0 `chart`, VChart spec) of spending per day. */
export function trendChart(points: readonly TrendPoint[], seriesName: string): CardElement {
  return {
    tag: 'chart',
    aspect_ratio: '16:9',
    color_theme: 'brand',
    chart_spec: {
      type: 'line',
      data: {
        values: points.map((p) => ({ day: p.label, amount: plotValue(p.amount), series: seriesName })),
      },
      xField: 'day',
      yField: 'amount',
      seriesField: 'series',
      point: { visible: points.length <= 31 },
      legends: { visible: false },
    },
  };
}

const BAR = 10;

/** A text progress bar ("■■■■■■■□□□ 72.5%"): light, and readable in every client and the terminal chat. */
export function progressText(percent: DecimalLike): string {
  const d = toDecimal(percent);
  const filled = d.isFinite()
    ? Math.min(
        BAR,
        Math.max(
          0,
          d
            .div(100 / BAR)
            .floor()
            .toNumber(),
        ),
      )
    : BAR;
  return `${'■'.repeat(filled)}${'□'.repeat(BAR - filled)} ${formatPercent(d)}`;
}

/** Red at or over 100 %, orange from `warnAt`, else green: the colour a progress line is drawn in. */
export function progressColor(percent: DecimalLike, warnAt = 80): 'red' | 'orange' | 'green' {
  const d = toDecimal(percent);
  if (!d.isFinite() || d.gte(100)) return 'red';
  return d.gte(warnAt) ? 'orange' : 'green';
}

/** The progress line as markdown, coloured by how close the quota is. */
export function progressMarkdown(spent: MoneyLike, quota: MoneyLike, warnAt = 80): string {
  const pct = percentOf(spent, quota);
  return `<font color='${progressColor(pct, warnAt)}'>${progressText(pct)}</font>`;
}
