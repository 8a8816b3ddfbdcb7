import uPlot from 'uplot';

/**
 * A bar chart's value scale: a bar's height is read against zero, so the scale always includes it.
 * uPlot fits the scale to the values unless told, and drew a count of 1 beside one of 2 as a sliver.
 */
export const valuesFromZero: uPlot.Range.Function = (_plot, min, max) =>
  uPlot.rangeNum(Math.min(0, min), Math.max(0, max), 0.1, true);
