import { describe, expect, it } from 'vitest';
import { MAX_SCROLL_PX, rowWindow, scrollTopFor } from './virtual';

describe('virtual scrolling', () => {
  it('scrolls to a row so that the row is on screen, below and past the height cap', () => {
    for (const count of [50, 10_000, 1_000_000, 5_000_000]) {
      for (const row of [0, 7, Math.floor(count / 2), count - 1]) {
        const top = scrollTopFor(row, count, 22, 240);
        const { firstRow, contentHeight } = rowWindow(count, 22, top, 240);
        expect(contentHeight).toBeLessThanOrEqual(MAX_SCROLL_PX);
        expect(row).toBeGreaterThanOrEqual(firstRow);
        expect(row).toBeLessThan(firstRow + Math.ceil(240 / 22) + 1);
      }
    }
  });
});
