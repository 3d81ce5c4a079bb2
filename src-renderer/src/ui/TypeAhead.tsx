import { forwardRef, useEffect, useId, useState, type KeyboardEvent, type ReactNode } from 'react';

export interface TypeAheadProps<T> {
  value: string;
  onChange: (text: string) => void;
  /** Suggestions for the current text (already searched by the caller). */
  options: readonly T[];
  optionKey: (option: T) => string;
  renderOption: (option: T) => ReactNode;
  onPick: (option: T) => void;
  /**
   * Enter with no suggestion showing: the caller may act on the text itself (an exact barcode,
   * a free line, an empty line). Return true when handled.
   */
  onEnterText?: () => boolean;
  label: string;
  placeholder?: string;
  testId?: string;
  optionTestId?: string;
  autoFocus?: boolean;
  className?: string;
}

/**
 * One text box that searches as you type and picks with the keyboard: Down/Up move through the
 * suggestions, Enter picks the highlighted one (the first when the list opened by typing),
 * Escape closes the list (a second Escape closes the dialog). The list opens on typing or
 * Down, not on focus, so tabbing through a form stays quiet. An ARIA combobox, so screen readers announce the choice.
 */
function TypeAheadInner<T>(props: TypeAheadProps<T>, ref: React.ForwardedRef<HTMLInputElement>) {
  const { value, onChange, options, optionKey, renderOption, onPick, onEnterText, label, placeholder, testId, optionTestId, autoFocus, className } = props;
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const listId = useId();
  useEffect(() => setActive(0), [options]);
  const showing = open && options.length > 0;

  const pick = (option: T) => {
    setOpen(false);
    onPick(option);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      setOpen(true);
      setActive((i) => Math.min(i + 1, options.length - 1));
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      setActive((i) => Math.max(i - 1, 0));
    } else if (e.key === 'Escape' && showing) {
      e.preventDefault();
      e.stopPropagation();
      setOpen(false);
    } else if (e.key === 'Enter') {
      // The form never submits from here: Enter picks, or hands the text to the caller.
      e.preventDefault();
      const option = showing ? options[active] : undefined;
      if (option) pick(option);
      else if (onEnterText?.()) setOpen(false);
    }
  };

  return (
    <div className={`typeahead${className ? ` ${className}` : ''}`}>
      <input
        ref={ref}
        role="combobox"
        aria-label={label}
        aria-expanded={showing}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={showing ? `${listId}-${active}` : undefined}
        autoComplete="off"
        autoFocus={autoFocus}
        data-autofocus={autoFocus || undefined}
        placeholder={placeholder}
        value={value}
        onChange={(e) => {
          onChange(e.target.value);
          setOpen(true);
        }}
        onBlur={() => setOpen(false)}
        onKeyDown={onKeyDown}
        data-testid={testId}
      />
      {showing && (
        <ul className="typeahead-list" role="listbox" id={listId}>
          {options.map((option, i) => (
            <li
              key={optionKey(option)}
              id={`${listId}-${i}`}
              role="option"
              aria-selected={i === active}
              className={i === active ? 'active' : undefined}
              // mousedown, not click: it fires before the input's blur closes the list
              onMouseDown={(e) => {
                e.preventDefault();
                pick(option);
              }}
              data-testid={optionTestId}
            >
              {renderOption(option)}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export const TypeAhead = forwardRef(TypeAheadInner) as <T>(props: TypeAheadProps<T> & { ref?: React.Ref<HTMLInputElement> }) => ReturnType<typeof TypeAheadInner>;
