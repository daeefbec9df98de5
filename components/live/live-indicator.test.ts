import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { LiveIndicatorView } from './live-indicator';

const render = (state: Parameters<typeof LiveIndicatorView>[0]['state']) => renderToStaticMarkup(createElement(LiveIndicatorView, { state }));

describe('the live indicator', () => {
  it('announces its status, not the clock of every update (which changes several times a second)', () => {
    const html = render({ status: 'live', lastUpdateAt: Date.parse('2026-11-21T10:00:00Z'), refusedRooms: [] });
    expect(html).toContain('data-status="live"');
    expect(html).toContain('updated ');
    // The one live region holds the status alone.
    expect(html.match(/role="status"|aria-live/g)).toEqual(['role="status"']);
    expect(html).toMatch(/<span role="status">Live<\/span>/);
  });

  it('says which rooms were refused, once, as an alert', () => {
    const html = render({ status: 'live', lastUpdateAt: null, refusedRooms: ['store:S003'] });
    expect(html).toMatch(/<span[^>]*role="alert"[^>]*> · not allowed: store:S003<\/span>/);
    expect(html).toContain('waiting for the first update');
  });
});
