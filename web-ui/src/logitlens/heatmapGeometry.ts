/**
 * Geometry of the logit-lens heatmap canvas: a header row of token labels on top, then one row of cells per layer and
 * one column per prompt position. All in CSS pixels; the canvas scales by devicePixelRatio itself.
 */

export interface HeatmapGeometry {
  rows: number;
  cols: number;
  cellWidth: number;
  cellHeight: number;
  /** Height of the header row with the prompt's tokens. */
  headerHeight: number;
}

export interface Cell {
  row: number;
  col: number;
}

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Cells fit about `targetWidth` pixels, but never narrower than 14 px (the container scrolls) nor wider than 64 px. */
export function heatmapGeometry(rows: number, cols: number, targetWidth = 1200): HeatmapGeometry {
  const cellWidth = Math.max(14, Math.min(64, Math.floor(targetWidth / Math.max(1, cols))));
  return { rows, cols, cellWidth, cellHeight: 36, headerHeight: 22 };
}

/** The canvas size that holds the header and all cells. */
export function canvasSize(g: HeatmapGeometry): { width: number; height: number } {
  return { width: g.cols * g.cellWidth, height: g.headerHeight + g.rows * g.cellHeight };
}

/** Where a cell is drawn. */
export function cellRect(g: HeatmapGeometry, { row, col }: Cell): Rect {
  return { x: col * g.cellWidth, y: g.headerHeight + row * g.cellHeight, width: g.cellWidth, height: g.cellHeight };
}

/** The cell under a point (canvas coordinates), or null over the header or outside the grid. */
export function cellAt(g: HeatmapGeometry, x: number, y: number): Cell | null {
  if (x < 0 || y < g.headerHeight) return null;
  const col = Math.floor(x / g.cellWidth);
  const row = Math.floor((y - g.headerHeight) / g.cellHeight);
  return row < g.rows && col < g.cols ? { row, col } : null;
}

/** What text fits in a cell of this width: the top token and its probability, the token only, or nothing. */
export function cellTextMode(cellWidth: number): 'token-and-probability' | 'token' | 'none' {
  if (cellWidth >= 40) return 'token-and-probability';
  return cellWidth >= 20 ? 'token' : 'none';
}

/** The selection after a key press (arrows, Home/End along the row), or null for keys the heatmap ignores. */
export function moveSelection(cell: Cell, key: string, rows: number, cols: number): Cell | null {
  const clamp = (value: number, size: number) => Math.max(0, Math.min(size - 1, value));
  switch (key) {
    case 'ArrowUp':
      return { row: clamp(cell.row - 1, rows), col: cell.col };
    case 'ArrowDown':
      return { row: clamp(cell.row + 1, rows), col: cell.col };
    case 'ArrowLeft':
      return { row: cell.row, col: clamp(cell.col - 1, cols) };
    case 'ArrowRight':
      return { row: cell.row, col: clamp(cell.col + 1, cols) };
    case 'Home':
      return { row: cell.row, col: 0 };
    case 'End':
      return { row: cell.row, col: cols - 1 };
    default:
      return null;
  }
}
