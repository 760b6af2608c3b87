export function LoginPage(props: { next: string; csrf: string; error?: string; name?: string }) {
  return (
    <>
      <h1>Sign in</h1>
      <p class="lead">
        Analysts sign in to confirm, correct or reject facts. Reading needs no account unless this server says
        otherwise.
      </p>
      {props.error ? (
        <p class="error" role="alert">
          {props.error}
        </p>
      ) : null}
      <form class="stack" method="post" action="/login">
        <input type="hidden" name="csrf" value={props.csrf} />
        <input type="hidden" name="next" value={props.next} />
        <label>
          Name
          <input name="name" autocomplete="username" required value={props.name ?? ""} autofocus />
        </label>
        <label>
          Password
          <input name="password" type="password" autocomplete="current-password" required />
        </label>
        <button type="submit">Sign in</button>
      </form>
      <p class="muted small">
        No account? An administrator creates one with <code>ssc-monitor users add NAME</code>.
      </p>
    </>
  );
}

export function LogoutPage(props: { csrf: string }) {
  return (
    <>
      <h1>Sign out</h1>
      <form method="post" action="/logout" class="inline">
        <input type="hidden" name="csrf" value={props.csrf} />
        <button type="submit">Sign out now</button>
      </form>
    </>
  );
}
