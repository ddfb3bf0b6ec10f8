// Virtual scrolling for the long views (the log, the sequence diagram): fixed-height
// rows, only those on screen drawn, and a scroll area capped in height. Browsers cap
// element heights (Chromium near 33 million px, Firefox near 17): past the cap the
// scroll position maps to rows proportionally instead of one row height each.
import { useEffect, useState, type RefObject } from 'react';

export const MAX_SCROLL_PX = 8_000_000;
/** Height assumed until the element has been measured. */
const DEFAULT_HEIGHT = 240;

export interface RowWindow {
  contentHeight: number;
  /** The row at the top of the viewport, and how far it is scrolled out of sight. */
  firstRow: number;
  offsetPx: number;
}

/** Which rows a scroll position shows. */
export function rowWindow(count: number, rowHeight: number, scrollTop: number, viewport: number): RowWindow {
  const natural = count * rowHeight;
  if (natural <= MAX_SCROLL_PX) return { contentHeight: natural, firstRow: Math.floor(scrollTop / rowHeight), offsetPx: scrollTop % rowHeight };
  const maxScroll = MAX_SCROLL_PX - viewport;
  const rowsOnScreen = viewport / rowHeight;
  const exact = (Math.min(scrollTop, maxScroll) / maxScroll) * (count - rowsOnScreen);
  return { contentHeight: MAX_SCROLL_PX, firstRow: Math.floor(exact), offsetPx: (exact % 1) * rowHeight };
}

/** The scroll position that puts `row` in the middle of the viewport: rowWindow() the other way. */
export function scrollTopFor(row: number, count: number, rowHeight: number, viewport: number): number {
  const onScreen = viewport / rowHeight;
  const { contentHeight } = rowWindow(count, rowHeight, 0, viewport);
  const top = contentHeight === count * rowHeight ? (row - onScreen / 2 + 0.5) * rowHeight : ((row - onScreen / 2) / Math.max(1, count - onScreen)) * (contentHeight - viewport);
  return Math.max(0, Math.min(top, contentHeight - viewport));
}

/** The element's height, kept up to date as it is resized. */
export function useElementHeight(ref: RefObject<HTMLElement | null>): number {
  const [height, setHeight] = useState(DEFAULT_HEIGHT);
  useEffect(() => {
    const el = ref.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(() => setHeight(el.clientHeight || DEFAULT_HEIGHT));
    ro.observe(el);
    return () => ro.disconnect();
  }, [ref]);
  return height;
}
