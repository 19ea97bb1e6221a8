// The one stylesheet. Colours meet WCAG AA contrast on white (text ≥ 4.5:1); every focusable
// thing shows a focus ring; layouts fold to one column under 40rem (phones, 375 px), where long
// words such as email addresses wrap instead of scrolling sideways.
export const STYLE = `
:root{--ink:#1f2328;--muted:#4f5660;--brand:#2a6b59;--brand-dark:#1d4d40;--line:#c9ced6;--bg:#f6f7f8;--danger:#a4161a;--ok:#1f6f3f;--focus:#f2b600}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;font-family:'Hiragino Sans','Hiragino Kaku Gothic ProN','Noto Sans JP',Meiryo,system-ui,sans-serif;line-height:1.8;color:var(--ink);background:#fff;overflow-wrap:anywhere}
a{color:#0b5c8f}a:hover{color:#063d5f}
:focus-visible{outline:3px solid var(--focus);outline-offset:2px}
.skip{position:absolute;left:-999px;top:0;background:#fff;padding:.5rem 1rem;z-index:10}.skip:focus{left:.5rem}
header.site{display:flex;flex-wrap:wrap;align-items:center;justify-content:space-between;gap:.5rem 1.5rem;padding:.6rem 1rem;border-bottom:1px solid var(--line);background:var(--bg)}
.brand{font-weight:700;font-size:1.2rem;color:var(--brand-dark);text-decoration:none}
header.site nav ul{list-style:none;display:flex;flex-wrap:wrap;gap:.2rem 1rem;margin:0;padding:0}
header.site nav a{text-decoration:none;padding:.3rem 0;display:inline-block}
header.site nav a[aria-current=page]{font-weight:700;border-bottom:3px solid var(--brand)}
main{max-width:60rem;margin:0 auto;padding:1rem 1rem 3rem}
footer.site{border-top:1px solid var(--line);color:var(--muted);font-size:.85rem;padding:1rem;text-align:center}
h1{font-size:1.6rem;line-height:1.4;margin:1rem 0}h2{font-size:1.25rem;margin:1.8rem 0 .6rem}h3{font-size:1.05rem}
.en{color:var(--muted);font-size:.8em;font-weight:400}
button .en,.button .en{color:inherit}
.note,.hint{color:var(--muted);font-size:.9rem}.hint{margin:.1rem 0 .3rem}
.notice{padding:.7rem 1rem;border-radius:6px;margin:1rem 0;border-left:6px solid}
.notice.ok{background:#e8f4ec;border-color:var(--ok)}.notice.error{background:#fbeaea;border-color:var(--danger)}
.error,.field-error{color:var(--danger);font-weight:600}.field-error{margin:.2rem 0}
.error-summary{border:3px solid var(--danger);padding:.5rem 1rem;margin:1rem 0;border-radius:6px}
.error-summary h2{margin:.3rem 0;font-size:1.1rem}
form .field{margin:1rem 0}
fieldset{border:1px solid var(--line);border-radius:6px;padding:.5rem 1rem;margin:1rem 0;min-width:0}
legend{font-weight:700;padding:0 .3rem}
label{font-weight:600}
.req,.opt{font-size:.7rem;font-weight:700;border-radius:3px;padding:0 .35rem;margin-left:.4rem;vertical-align:middle}
.req{background:var(--danger);color:#fff}.opt{background:#e6e8eb;color:#33383f}
input[type=text],input[type=email],input[type=url],input[type=number],input[type=date],select,textarea{display:block;font:inherit;padding:.5rem .6rem;width:100%;max-width:32rem;border:2px solid #6b7380;border-radius:4px;background:#fff;color:var(--ink)}
input.short{max-width:10rem}textarea{max-width:40rem}
.has-error input,.has-error select,.has-error textarea,fieldset.has-error{border-color:var(--danger)}
.choices{display:flex;flex-wrap:wrap;gap:.2rem 1.2rem}.choices.columns{display:grid;grid-template-columns:repeat(auto-fill,minmax(14rem,1fr));gap:.2rem 1rem}
.choice{font-weight:400;display:flex;align-items:flex-start;gap:.4rem;padding:.15rem 0}
.choice input{margin-top:.45rem;width:1.1rem;height:1.1rem;flex:none}
.nested{padding-left:1.4rem}
.scroll{max-height:16rem;overflow:auto;border:1px solid var(--line);border-radius:4px;padding:.3rem .6rem}
button,.button{display:inline-block;font:inherit;font-weight:600;padding:.55rem 1.2rem;border-radius:6px;border:2px solid var(--brand);background:var(--brand);color:#fff;cursor:pointer;text-decoration:none;line-height:1.5}
button:hover,.button:hover{background:var(--brand-dark);border-color:var(--brand-dark);color:#fff}
button.secondary,.button.secondary{background:#fff;color:var(--brand-dark)}button.secondary:hover,.button.secondary:hover{background:#e8f1ee;color:var(--brand-dark)}
button.danger{background:#fff;color:var(--danger);border-color:var(--danger)}button.danger:hover{background:#fbeaea}
button.link{background:none;border:none;color:#0b5c8f;padding:.3rem 0;font-weight:400;text-decoration:underline}
form.inline{display:inline}
.actions{display:flex;flex-wrap:wrap;gap:.6rem;align-items:center;margin:1rem 0}
.js .no-js{display:none}
table{border-collapse:collapse;width:100%;margin:.5rem 0}
th,td{border-bottom:1px solid var(--line);padding:.45rem .5rem;text-align:left;vertical-align:top}
thead th{background:var(--bg)}
th,td{overflow-wrap:normal}
.table-wrap>table.wide{min-width:36rem}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
.table-wrap{overflow-x:auto}
.cards{list-style:none;padding:0;margin:0;display:grid;gap:.8rem}
.card{border:1px solid var(--line);border-radius:8px;padding:.8rem 1rem;background:#fff}
.card h2,.card h3{font-size:1.05rem;margin:.1rem 0 .3rem}
.badge{display:inline-block;font-size:.8rem;font-weight:700;border-radius:999px;padding:.05rem .6rem;background:#e6e8eb;color:#2b3036}
.badge.open,.badge.connected,.badge.approved,.badge.verified{background:#dcefe3;color:#17522f}
.badge.pending,.badge.proposed,.badge.accepted,.badge.unverified{background:#fdf0cc;color:#5c4300}
.badge.closed,.badge.declined,.badge.expired,.badge.rejected,.badge.withdrawn,.badge.suspended{background:#eceef1;color:#3b4048}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.3rem 1rem}dl.facts dt{font-weight:700}dl.facts dd{margin:0}
.prewrap{white-space:pre-wrap}
.explanation{background:var(--bg);border-radius:6px;padding:.6rem 1rem}
.contact{border:2px solid var(--ok);border-radius:8px;padding:.6rem 1rem}
.chart{max-width:100%;height:auto}
.stats{display:grid;grid-template-columns:repeat(auto-fill,minmax(9rem,1fr));gap:.6rem;list-style:none;padding:0}
.stats li{background:var(--bg);border-radius:8px;padding:.6rem .8rem}.stats strong{display:block;font-size:1.6rem}
.admin-nav{list-style:none;padding:0;margin:.3rem 0 0}.admin-nav a[aria-current=page]{font-weight:700}
.pre-line{white-space:pre-line}
form.decision{display:flex;flex-wrap:wrap;gap:.4rem .6rem;align-items:center}form.decision label{flex-basis:100%}form.decision select{width:auto;min-width:10rem}
caption{text-align:left;font-weight:700;padding:.3rem 0}
/* forms: the default button (Enter), the municipality picker (forms/form.tsx, forms/municipalities.tsx) */
[hidden]{display:none!important}
.default-action{position:absolute;width:1px;height:1px;margin:-1px;padding:0;border:0;overflow:hidden;clip:rect(0 0 0 0);clip-path:inset(50%);white-space:nowrap}
input[type=search]{display:block;font:inherit;padding:.5rem .6rem;width:100%;max-width:24rem;border:2px solid #6b7380;border-radius:4px;background:#fff;color:var(--ink)}
.muni-groups{margin:.5rem 0}
.muni-group{border:1px solid var(--line);border-radius:6px;margin:.4rem 0;padding:.1rem .8rem}
.muni-group summary{cursor:pointer;font-weight:700;padding:.35rem 0}
.muni-list{border:0;margin:0;padding:0}.muni-legend{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap}
.muni-count{font-weight:400;color:var(--muted);margin-left:.4rem;font-size:.9rem}
.muni-group .choices.columns{max-height:20rem;overflow:auto;grid-template-columns:repeat(auto-fill,minmax(11rem,1fr));padding-bottom:.4rem}
.muni-add{display:flex;flex-wrap:wrap;align-items:flex-end;gap:.2rem 1rem}.muni-add .field{margin:.5rem 0;flex:1 1 16rem}
/* Tables (issue 18.6.5): a column heading breaks only between words (its Japanese and its
   English), never inside a Japanese word (one character a line), and from 40rem up not at all.
   Headings over numbers (th.num: the statistics' eleven columns) are smaller and may put the
   English under the Japanese, so such a table fits the page at 1280 px. A date never wraps
   (td.date, time). A table wider than its page scrolls sideways in .table-wrap. */
thead th{word-break:keep-all}
thead th.num{font-size:.8rem;padding-left:.3rem;padding-right:.3rem}thead th.num .en{font-size:.9em}
td.date,th.date,time{white-space:nowrap}
@media (min-width:40.01rem){thead th:not(.num){white-space:nowrap}}
@media (max-width:40rem){h1{font-size:1.35rem}dl.facts{grid-template-columns:1fr}dl.facts dd{margin-bottom:.5rem}header.site{padding:.5rem .8rem}main{padding:.5rem .8rem 2rem}}
`;
