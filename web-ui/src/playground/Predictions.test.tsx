import { fireEvent, render, screen, within } from '@testing-library/react';
import { Predictions } from './Predictions';

const predictions = [
  { position: 0, tokens: [32, 101], strings: [' ', 'e'], probabilities: [0.5, 0.25] },
  { position: 1, tokens: [10, 116], strings: ['\n', 't'], probabilities: [0.75, 0.125] },
];

describe('Predictions', () => {
  it('shows the top predictions after the last position by default, as percentages', () => {
    render(<Predictions predictions={predictions} tokenStrings={['a', 'b']} />);
    const rows = within(screen.getByRole('table', { name: 'Next-token predictions' })).getAllByRole('row');
    expect(rows.slice(1).map((row) => row.textContent)).toEqual(['⏎10 75.0%', 't116 12.5%']);
  });

  it('switches position from the labelled select', () => {
    render(<Predictions predictions={predictions} tokenStrings={['a', 'b']} />);
    fireEvent.change(screen.getByLabelText('Next token after position'), { target: { value: '0' } });
    const rows = within(screen.getByRole('table', { name: 'Next-token predictions' })).getAllByRole('row');
    expect(rows.slice(1).map((row) => row.textContent)).toEqual(['·32 50.0%', 'e101 25.0%']);
  });
});
