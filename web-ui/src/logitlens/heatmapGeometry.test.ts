import { canvasSize, cellAt, cellRect, cellTextMode, heatmapGeometry, moveSelection } from './heatmapGeometry';

describe('heatmap geometry', () => {
  const g = heatmapGeometry(5, 30, 1200); // 40 px cells

  it('sizes cells to the target width within [14, 64] px', () => {
    expect(g.cellWidth).toBe(40);
    expect(heatmapGeometry(5, 3).cellWidth).toBe(64);
    expect(heatmapGeometry(5, 1000).cellWidth).toBe(14);
    expect(canvasSize(g)).toEqual({ width: 30 * 40, height: g.headerHeight + 5 * g.cellHeight });
  });

  it('hit-tests the centre of every cell back to that cell', () => {
    for (let row = 0; row < g.rows; row++) {
      for (let col = 0; col < g.cols; col++) {
        const rect = cellRect(g, { row, col });
        expect(cellAt(g, rect.x + rect.width / 2, rect.y + rect.height / 2)).toEqual({ row, col });
      }
    }
  });

  it('uses half-open cells: a shared edge belongs to the cell on its right or below', () => {
    const rect = cellRect(g, { row: 1, col: 2 });
    expect(cellAt(g, rect.x, rect.y)).toEqual({ row: 1, col: 2 });
    expect(cellAt(g, rect.x - 0.01, rect.y)).toEqual({ row: 1, col: 1 });
  });

  it('finds no cell over the header or outside the grid', () => {
    const { width, height } = canvasSize(g);
    expect(cellAt(g, 10, g.headerHeight - 1)).toBeNull();
    expect(cellAt(g, width, height - 1)).toBeNull();
    expect(cellAt(g, 10, height)).toBeNull();
    expect(cellAt(g, -1, height - 1)).toBeNull();
  });

  it('draws text only where it fits', () => {
    expect(cellTextMode(64)).toBe('token-and-probability');
    expect(cellTextMode(30)).toBe('token');
    expect(cellTextMode(14)).toBe('none');
  });

  it('moves the selection with the arrow keys, stopping at the edges', () => {
    expect(moveSelection({ row: 0, col: 0 }, 'ArrowUp', 5, 30)).toEqual({ row: 0, col: 0 });
    expect(moveSelection({ row: 0, col: 0 }, 'ArrowDown', 5, 30)).toEqual({ row: 1, col: 0 });
    expect(moveSelection({ row: 4, col: 29 }, 'ArrowRight', 5, 30)).toEqual({ row: 4, col: 29 });
    expect(moveSelection({ row: 4, col: 29 }, 'ArrowLeft', 5, 30)).toEqual({ row: 4, col: 28 });
    expect(moveSelection({ row: 2, col: 7 }, 'Home', 5, 30)).toEqual({ row: 2, col: 0 });
    expect(moveSelection({ row: 2, col: 7 }, 'End', 5, 30)).toEqual({ row: 2, col: 29 });
    expect(moveSelection({ row: 2, col: 7 }, 'a', 5, 30)).toBeNull();
  });
});
