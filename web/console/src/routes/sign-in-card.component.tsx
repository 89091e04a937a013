import type { JSX } from 'solid-js';

/** The console's sign-in pages: a card with the product's name. */
export function SignInCard(props: { title: string; children: JSX.Element }): JSX.Element {
  return (
    <div class="sign-in">
      <main class="sign-in__card">
        <div class="sign-in__brand">
          <p class="sign-in__company">Client Portal · Console</p>
        </div>
        <h1>{props.title}</h1>
        {props.children}
      </main>
    </div>
  );
}
