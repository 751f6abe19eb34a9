import { render, screen } from '@testing-library/react';
import { ApiError } from '../api/client';
import { StateView } from './StateView';

describe('StateView', () => {
  const list = (items: string[]) => (
    <ul>
      {items.map((item) => (
        <li key={item}>{item}</li>
      ))}
    </ul>
  );

  it('announces loading', () => {
    render(
      <StateView state={{ status: 'loading' }} what="the models">
        {list}
      </StateView>,
    );
    expect(screen.getByRole('status').textContent).toBe('Loading the models…');
  });

  it('shows the problem of a failed load', () => {
    const error = new ApiError({ status: 403, title: 'Forbidden', detail: 'Viewers cannot run models' });
    render(
      <StateView state={{ status: 'error', error }} what="the runs">
        {list}
      </StateView>,
    );
    expect(screen.getByRole('alert').textContent).toContain(
      'Loading the runs failed. Forbidden: Viewers cannot run models',
    );
  });

  it('says so when there is nothing, and shows the value otherwise', () => {
    const { rerender } = render(
      <StateView state={{ status: 'done', value: [] }} what="experiments" isEmpty={(v) => v.length === 0}>
        {list}
      </StateView>,
    );
    expect(screen.getByText('There are no experiments yet.')).toBeTruthy();
    rerender(
      <StateView state={{ status: 'done', value: ['a', 'b'] }} what="experiments" isEmpty={(v) => v.length === 0}>
        {list}
      </StateView>,
    );
    expect(screen.getAllByRole('listitem').map((item) => item.textContent)).toEqual(['a', 'b']);
  });
});
