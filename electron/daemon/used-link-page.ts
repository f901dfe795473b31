/**
 * What a browser shows for a link that no longer logs in: already opened once, expired, or from an earlier start.
 * Both languages on one page, the browser's preferred one first: the daemon has no settings to ask yet.
 */
export function usedLinkPage(acceptLanguage: string | undefined, lifetimeMs: number): { headers: Record<string, string>; body: string } {
  const minutes = Math.round(lifetimeMs / 60_000);
  const english = `<section lang="en">
<h1>This Dingbridge link has already been used, or has expired</h1>
<p>Each link opens the window once, within ${minutes} minutes of being made, so that one kept in the browser’s history opens nothing.</p>
<p>For a new link, run this on the machine where Dingbridge runs (add <code>--data-dir</code> if it was started with one):</p>
<pre>dingbridge link</pre>
<p>If this browser opened the window after Dingbridge last started, and has not been closed since, it still can: <a href="/">open the window</a>.</p>
</section>`;
  const chinese = `<section lang="zh-CN">
<h1>这个 Dingbridge 链接已经用过，或已过期</h1>
<p>每个链接只能打开窗口一次，并且必须在生成后 ${minutes} 分钟内打开，因此浏览器历史记录中留下的链接打不开任何东西。</p>
<p>要获取新链接，请在运行 Dingbridge 的机器上执行（如果启动时指定了 <code>--data-dir</code>，也请加上）：</p>
<pre>dingbridge link</pre>
<p>如果这个浏览器在 Dingbridge 最近一次启动后打开过窗口，并且之后没有关闭过，现在仍然可以：<a href="/">打开窗口</a>。</p>
</section>`;
  const chineseFirst = /^\s*zh\b/i.test(acceptLanguage ?? '');
  const body = `<!doctype html>
<html lang="${chineseFirst ? 'zh-CN' : 'en'}">
<head><meta charset="utf-8"><title>Dingbridge</title>
<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;line-height:1.5}h1{font-size:1.4rem}section+section{margin-top:2.5rem;border-top:1px solid #8884;padding-top:1rem}pre{padding:.5rem .75rem;background:#8882}</style></head>
<body>
${chineseFirst ? `${chinese}\n${english}` : `${english}\n${chinese}`}
</body>
</html>
`;
  return {
    headers: {
      'Content-Type': 'text/html; charset=utf-8',
      // Nothing on it runs or loads: its one style is inline.
      'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'",
    },
    body,
  };
}
