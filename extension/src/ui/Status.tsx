import type { ComponentChildren } from 'preact';

/** The one polite live region that says where things stand (waiting, chatting, ended). */
export function Status({ children, tone = 'info' }: { children: ComponentChildren; tone?: 'info' | 'ok' | 'ended' }) {
  return (
    <p role="status" class={`status status--${tone}`}>
      {children}
    </p>
  );
}

/** An error a person should read now. */
export function Alert({ children }: { children: ComponentChildren }) {
  return (
    <p role="alert" class="error">
      {children}
    </p>
  );
}
