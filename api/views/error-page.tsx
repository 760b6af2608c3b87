export function ErrorPage(props: { status: number; message: string; signIn?: string; back?: string }) {
  const titles: Record<number, string> = {
    400: "That did not work",
    401: "Please sign in",
    403: "Not allowed",
    404: "Not found",
    409: "Changed meanwhile",
  };
  return (
    <>
      <h1>{titles[props.status] ?? "Something went wrong"}</h1>
      <p class="error" role="alert">
        {props.message}
      </p>
      <p>
        {props.signIn ? (
          <>
            <a href={props.signIn}>Sign in</a> ·{" "}
          </>
        ) : null}
        {props.back ? (
          <>
            <a href={props.back}>Back to the page</a> ·{" "}
          </>
        ) : null}
        <a href="/">Overview</a>
      </p>
    </>
  );
}
