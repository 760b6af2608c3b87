/**
 * One stylesheet, inlined in every page so the pages need no second request and nothing from the
 * internet. Sized for a projector: 20px base type, strong contrast, thick focus rings, tables
 * with borders and right-aligned tabular figures.
 */
export const CSS = `
:root{--ink:#111;--muted:#444;--line:#777;--bg:#fff;--band:#f0f0f0;--link:#003c9e;--accent:#005a32;
--warn:#8a1c00;--mark:#ffe14d}
*{box-sizing:border-box}
html{font-size:20px}
body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;color:var(--ink);
background:var(--bg);line-height:1.45}
a{color:var(--link);text-decoration-thickness:2px;text-underline-offset:3px}
a:focus,button:focus,input:focus,select:focus,textarea:focus{outline:4px solid #ff9800;outline-offset:2px}
header.top{background:#0b2545;color:#fff;padding:.5rem 1.5rem;display:flex;flex-wrap:wrap;gap:1rem;align-items:center}
header.top a{color:#fff}
header.top .brand{font-weight:700;font-size:1.2rem;margin-right:1rem;text-decoration:none}
header.top nav{display:flex;flex-wrap:wrap;gap:1.1rem;flex:1}
header.top .who{display:flex;gap:.6rem;align-items:center}
header.top form{margin:0}
header.top button{background:#fff;color:#0b2545;border:0;padding:.25rem .7rem;font-size:.9rem;
border-radius:3px;cursor:pointer}
main{padding:1rem 1.5rem 3rem;max-width:1500px;margin:0 auto}
h1{font-size:1.8rem;margin:.6rem 0 .8rem}
h2{font-size:1.35rem;margin:2rem 0 .6rem;border-bottom:3px solid var(--ink);padding-bottom:.2rem}
h3{font-size:1.1rem;margin:1.2rem 0 .4rem}
p.lead{font-size:1.05rem;color:var(--muted);max-width:60rem}
table{border-collapse:collapse;width:100%;margin:.5rem 0 1rem;font-size:.95rem}
caption{text-align:left;font-weight:600;padding:.3rem 0;color:var(--muted)}
th,td{border:1px solid var(--line);padding:.35rem .55rem;vertical-align:top;text-align:left}
thead th{background:#dde3ea;position:sticky;top:0}
tbody tr:nth-child(even){background:var(--band)}
div.scroll{overflow-x:auto;max-width:100%}
#agency-table{font-size:.9rem}
th[scope=row]{font-weight:normal;min-width:7rem}
th[scope=row] a{font-weight:700}
td.units{min-width:8rem;font-size:.8rem}
thead th.num{white-space:normal}
td.units ul{margin:0;padding-left:1rem}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.muted{color:var(--muted)}
.small{font-size:.85rem}
.status{display:inline-block;padding:0 .45rem;border-radius:3px;font-size:.8rem;font-weight:700;
border:2px solid currentColor}
.status-confirmed,.status-ok,.status-succeeded{color:var(--accent)}
.status-corrected{color:#004c99}
.status-rejected,.status-failed{color:var(--warn)}
.status-auto,.status-never-run,.status-running{color:var(--muted)}
mark{background:var(--mark);color:#000;padding:0 .1rem;font-weight:700}
blockquote.passage{margin:.5rem 0;padding:.6rem .9rem;border-left:6px solid #0b2545;background:var(--band);
max-width:60rem}
.fact{border:2px solid var(--line);border-radius:4px;padding:.8rem 1rem;margin:1rem 0}
.fact h3{margin-top:0}
.fact dl{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem;margin:.4rem 0}
.fact dt{font-weight:600}
.fact dd{margin:0}
div.review-forms{margin-top:.7rem;padding-top:.7rem;border-top:1px dashed var(--line)}
form.review-decide{display:flex;gap:.6rem;margin-bottom:.6rem}
form.review{display:flex;flex-wrap:wrap;gap:.6rem 1rem;align-items:flex-end}
form.review label,form.stack label{display:flex;flex-direction:column;font-size:.85rem;font-weight:600}
input,select,textarea,button{font:inherit;font-size:.95rem}
input,select,textarea{padding:.25rem .4rem;border:2px solid var(--line);border-radius:3px}
button{padding:.35rem .9rem;border:2px solid #0b2545;background:#0b2545;color:#fff;border-radius:3px;cursor:pointer}
button.secondary{background:#fff;color:#0b2545}
button.danger{background:var(--warn);border-color:var(--warn)}
form.stack{display:flex;flex-direction:column;gap:.8rem;max-width:24rem}
form.stack.wide{max-width:36rem}
form.inline{display:inline-flex;gap:.5rem;align-items:center;flex-wrap:wrap}
.notice{border:3px solid var(--accent);padding:.6rem 1rem;margin:1rem 0}
.error{border:3px solid var(--warn);padding:.6rem 1rem;margin:1rem 0;color:var(--warn)}
.exports a{margin-right:.8rem}
.pager{display:flex;gap:1rem;margin:1rem 0}
svg.chart text{font-size:13px;fill:#111}
ul.history{margin:.3rem 0;padding-left:1.2rem;font-size:.9rem}
form.filters{display:flex;flex-wrap:wrap;gap:.6rem 1rem;align-items:flex-end;margin:.6rem 0 1rem}
form.filters label{display:flex;flex-direction:column;font-size:.85rem;font-weight:600}
form.quick{display:flex;flex-wrap:wrap;gap:.3rem .4rem;align-items:center;min-width:12rem}
form.quick button{padding:.15rem .55rem;font-size:.85rem}
ol.hits li{margin-bottom:.8rem}
div.page-text{white-space:pre-wrap;max-width:60rem;border:2px solid var(--line);padding:.8rem 1rem;font-size:.95rem}
span.hit{background:#e8f0ff;outline:3px solid #003c9e;scroll-margin-top:4rem}
.text-diff ins{background:#d9f2dd;text-decoration:none}
.text-diff del{background:#fbdcd5}
tr.change-added td:first-child{color:var(--accent)}
tr.change-removed td:first-child{color:var(--warn)}
td.figure{min-width:8.5rem;white-space:normal}
td.figure .small{font-size:.76rem}
.explain{color:var(--ink);font-size:.78rem;text-align:left;line-height:1.3;margin-top:.2rem}
td.figure .change{text-align:left}
.review-mix{text-align:left;font-weight:600;margin-top:.15rem}
.review-confirmed{color:var(--accent)}
.review-mixed{color:#004c99}
.review-auto{color:var(--muted)}
dl.explainers{max-width:60rem}
dl.explainers dt{font-weight:700;margin-top:.8rem}
dl.explainers dd{margin:0 0 .4rem}
figure.trend-chart{max-width:60rem;margin:.5rem 0 1.5rem}
section.first-run h2{border:0;margin-top:.2rem}
code{font-size:.9em;background:var(--band);padding:0 .2rem}
@media print{header.top,form,.exports,.pager{display:none}html{font-size:12pt}}
`;
