import type { Context } from "hono";
import type { AppEnv } from "../env.ts";
import type { Child } from "hono/jsx";
import { CSS } from "./styles.ts";

export interface LayoutProps {
  title: string;
  /** Signed-in analyst and the CSRF token for the sign-out form. */
  user?: { name: string; csrf: string };
  /** Where "Sign in" returns to. */
  path: string;
  children?: Child;
}

function UserBox({ user, path }: Pick<LayoutProps, "user" | "path">) {
  if (!user) return <a href={`/login?next=${encodeURIComponent(path)}`}>Sign in</a>;
  return (
    <div class="who">
      <span>
        Signed in as <strong>{user.name}</strong>
      </span>
      <form method="post" action="/logout">
        <input type="hidden" name="csrf" value={user.csrf} />
        <button type="submit">Sign out</button>
      </form>
    </div>
  );
}

export function Layout(props: LayoutProps) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${props.title} · ssc-monitor`}</title>
        <style dangerouslySetInnerHTML={{ __html: CSS }} />
      </head>
      <body>
        <header class="top">
          <a class="brand" href="/">
            ssc-monitor
          </a>
          <nav aria-label="Main">
            <a href="/">Overview</a>
            <a href="/review">Review</a>
            <a href="/search">Search</a>
            <a href="/documents">Documents</a>
            <a href="/sources">Sources</a>
            <a href="/alerts">Alerts</a>
            <a href="/methodology">Methodology</a>
            <a href="/docs">API</a>
          </nav>
          <UserBox user={props.user} path={props.path} />
        </header>
        <main id="main">{props.children}</main>
      </body>
    </html>
  );
}

/** Renders a page with its doctype (Hono's JSX leaves it out). */
export async function renderPage(
  c: Context<AppEnv>,
  title: string,
  body: Child,
  status: 200 | 400 | 401 | 403 | 404 | 409 | 413 | 429 | 500 | 503 = 200,
): Promise<Response> {
  const session = c.get("session");
  const user = session ? { name: session.userName, csrf: session.csrf } : undefined;
  const path = c.req.path + new URL(c.req.url).search;
  const html = await (
    <Layout title={title} user={user} path={path}>
      {body}
    </Layout>
  ).toString();
  return c.html(`<!DOCTYPE html>${html}`, status);
}
