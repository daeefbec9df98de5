'use client';

import { useEffect, useId, useState, type KeyboardEvent } from 'react';
import { problemOf } from './inventory-fetch';
import { useDebouncedValue } from './use-debounced-value';
import { useSkuSearch } from './use-inventory-queries';

const DEBOUNCE_MS = 200;

/** `text` with the first case-insensitive occurrence of `part` marked. */
function Marked({ text, part, atStart }: { text: string; part: string; atStart: boolean }) {
  const i = atStart ? (text.toLowerCase().startsWith(part.toLowerCase()) ? 0 : -1) : text.toLowerCase().indexOf(part.toLowerCase());
  if (!part || i < 0) return <>{text}</>;
  return (
    <>
      {text.slice(0, i)}
      <mark>{text.slice(i, i + part.length)}</mark>
      {text.slice(i + part.length)}
    </>
  );
}

/**
 * The SKU search: a combobox (ARIA 1.2, list autocomplete) whose suggestions come from
 * GET /api/v1/inventory/skus as the user types (debounced). Arrow keys move through the
 * suggestions, Enter picks the one marked (or the first), Escape closes the list; a click
 * picks too. Enter on text nothing matches asks for that SKU as typed.
 */
export function SkuSearchBox({ selected, onPick }: { selected: string | null; onPick: (sku: string) => void }) {
  const id = useId();
  const listId = `${id}-list`;
  const optionId = (i: number) => `${id}-opt-${i}`;
  const [text, setText] = useState(selected ?? '');
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  // Another part of the page picked a SKU (a low-stock row, the URL): show it in the box.
  const [shownFor, setShownFor] = useState(selected);
  if (shownFor !== selected) {
    setShownFor(selected);
    setText(selected ?? '');
  }

  const typed = text.trim();
  const q = useDebouncedValue(typed, DEBOUNCE_MS);
  const search = useSkuSearch(open ? q : '');
  const answer = search.data && search.data.q === q ? search.data : undefined;
  const items = open && typed ? (search.data?.items ?? []) : [];
  // The marked suggestion belongs to one list: a new answer starts unmarked.
  const [activeFor, setActiveFor] = useState(search.data);
  if (activeFor !== search.data) {
    setActiveFor(search.data);
    setActive(-1);
  }
  const expanded = open && items.length > 0;
  const settled = typed === q && !search.isFetching;

  useEffect(() => {
    if (active >= 0) document.getElementById(`${id}-opt-${active}`)?.scrollIntoView({ block: 'nearest' });
  }, [active, id]);

  function pick(sku: string) {
    setText(sku);
    setOpen(false);
    setActive(-1);
    onPick(sku);
  }

  function onKeyDown(e: KeyboardEvent<HTMLInputElement>) {
    switch (e.key) {
      case 'ArrowDown':
      case 'ArrowUp': {
        e.preventDefault();
        if (!open) {
          setOpen(true);
          return;
        }
        if (items.length === 0) return;
        const step = e.key === 'ArrowDown' ? 1 : -1;
        setActive((a) => (a < 0 ? (step > 0 ? 0 : items.length - 1) : (a + step + items.length) % items.length));
        return;
      }
      case 'Enter': {
        if (!typed) return;
        e.preventDefault();
        const chosen = active >= 0 ? items[active] : answer && typed === q ? answer.items[0] : undefined;
        pick(chosen ? chosen.sku : typed);
        return;
      }
      case 'Escape':
        if (open) {
          e.preventDefault();
          setOpen(false);
          setActive(-1);
        }
        return;
    }
  }

  let status: string | null = null;
  if (open && typed) {
    if (search.isError) status = problemOf(search.error);
    else if (answer && settled && answer.items.length === 0) status = `No SKU matches '${q}'`;
    else if (!answer || !settled) status = 'Searching…';
    else if (answer.more) status = `The first ${answer.items.length} matches: type more to narrow`;
  }

  return (
    <div className="inv-combo">
      <label htmlFor={`${id}-input`} className="inv-label">
        Find a SKU
      </label>
      <input
        id={`${id}-input`}
        className="inv-input"
        type="text"
        role="combobox"
        aria-expanded={expanded}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={expanded && active >= 0 ? optionId(active) : undefined}
        aria-describedby={`${id}-hint`}
        autoComplete="off"
        spellCheck={false}
        placeholder="SKU id or part of a name, e.g. SKU1000 or milk"
        value={text}
        data-testid="sku-search"
        onChange={(e) => {
          setText(e.target.value);
          setOpen(true);
          setActive(-1);
        }}
        onFocus={() => typed && typed !== selected && setOpen(true)}
        onBlur={() => setOpen(false)}
        onKeyDown={onKeyDown}
      />
      <span id={`${id}-hint`} className="inv-sr-only">
        Suggestions appear as you type: up and down arrows to move, Enter to open one, Escape to close.
      </span>
      <ul id={listId} role="listbox" aria-label="Matching SKUs" className="inv-options" hidden={!expanded} data-testid="sku-suggestions">
        {items.map((s, i) => (
          <li
            key={s.sku}
            id={optionId(i)}
            role="option"
            aria-selected={i === active}
            className={`inv-option${i === active ? ' inv-option-active' : ''}`}
            // Keeps the focus in the input, so that its blur does not close the list before the click.
            onMouseDown={(e) => e.preventDefault()}
            onMouseMove={() => i !== active && setActive(i)}
            onClick={() => pick(s.sku)}
          >
            <span className="inv-option-sku">
              <Marked text={s.sku} part={typed} atStart />
            </span>
            <span className="inv-option-name">{s.name ? <Marked text={s.name} part={typed} atStart={false} /> : <span className="muted">no master data</span>}</span>
            {s.category && <span className="inv-option-cat muted">{s.category}</span>}
          </li>
        ))}
      </ul>
      <p className="inv-combo-status muted small" role="status" aria-live="polite" data-testid="sku-search-status">
        {status}
      </p>
    </div>
  );
}
