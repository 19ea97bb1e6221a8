import { describe, expect, it } from 'vitest';
import { BarChart, type BarSeries } from '../../shared/http/pages/secretariat/charts';

// Charts are server-rendered SVG: accessible (an image with a title and a description), safe
// with any label, and free of inline styles and scripts (the CSP forbids them).

const SERIES: BarSeries[] = [
  { ja: 'ご提案', en: 'Introductions', color: '#0b5c8f' },
  { ja: 'つながった', en: 'Connected', color: '#2a6b59' },
];

const svgOf = (rows: { label: string; values: number[] }[], title = '分野別') =>
  String(<BarChart id="by-field" title={title} description="説明" series={SERIES} rows={rows} />);

/** Widths of the bars (the legend's swatches have no tooltip title). */
const widths = (svg: string) =>
  [...svg.matchAll(/<rect[^>]*\swidth="([\d.]+)"[^>]*><title>/g)].map((m) => Number(m[1]));

describe('BarChart', () => {
  it('is an image labelled by its title and description', () => {
    const svg = svgOf([{ label: '子ども・若者支援', values: [3, 1] }]);
    expect(svg).toMatch(/^<svg[^>]*role="img"/);
    expect(svg).toContain('aria-labelledby="by-field-title by-field-desc"');
    expect(svg).toContain('<title id="by-field-title">分野別</title>');
    expect(svg).toContain('<desc id="by-field-desc">説明</desc>');
  });

  it('shows every row label, the legend and each value', () => {
    const svg = svgOf([
      { label: '子ども・若者支援', values: [3, 1] },
      { label: '高齢者支援', values: [2, 0] },
    ]);
    for (const text of ['子ども・若者支援', '高齢者支援', 'ご提案', 'つながった'])
      expect(svg).toContain(`>${text}</text>`);
    for (const value of [3, 1, 2, 0]) expect(svg).toContain(`>${value}</text>`);
  });

  it('draws bars in proportion to the largest value, and no bar for zero', () => {
    const svg = svgOf([
      { label: 'a', values: [4, 2] },
      { label: 'b', values: [1, 0] },
    ]);
    const [four, two, one, ...rest] = widths(svg);
    expect(rest).toEqual([]);
    expect(two! / four!).toBeCloseTo(0.5, 2);
    expect(one! / four!).toBeCloseTo(0.25, 1);
  });

  it('escapes labels and titles instead of running them', () => {
    const svg = svgOf(
      [{ label: '<script>alert("x")</script>&', values: [1, 1] }],
      '"><img src=x onerror=alert(1)>',
    );
    expect(svg).not.toContain('<script>');
    expect(svg).not.toContain('<img');
    expect(svg).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;');
  });

  it('has no inline style or script for the CSP to block', () => {
    const svg = svgOf([{ label: 'a', values: [1, 1] }]);
    expect(svg).not.toMatch(/\sstyle=|<script|\son[a-z]+=/i);
  });
});
