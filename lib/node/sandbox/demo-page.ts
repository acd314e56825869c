/**
 * Pages the sandbox serves: a small index (`GET /`) and the demo app (`GET /demo`), which runs the real flow
 * with plain fetch (sign → login → client API calls, one through `/proxy/PaaS`), so DevTools has traffic to
 * capture. Every URL is relative, so both keep working behind a path prefix.
 */
import type { SandboxOptions } from './options';

const STYLE = `
:root { color-scheme: light dark; --ok: #137333; --bad: #c5221f; --muted: #6b7280; --line: #e5e7eb; --accent: #2563eb; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.55 system-ui, -apple-system, "Segoe UI", "PingFang SC", "Hiragino Sans GB",
  "Microsoft YaHei", "Noto Sans CJK SC", "Source Han Sans SC", sans-serif; background: Canvas; color: CanvasText; }
main { max-width: 960px; margin: 0 auto; padding: 28px 20px 48px; }
h1 { font-size: 24px; margin: 0 0 4px; } h2 { font-size: 17px; margin: 28px 0 8px; }
.sub { color: var(--muted); margin: 0 0 20px; }
.card { border: 1px solid var(--line); border-radius: 10px; padding: 14px 16px; margin: 12px 0; }
.warn { border-color: #f59e0b; background: color-mix(in srgb, #f59e0b 10%, transparent); }
label { margin-right: 14px; } input, select { font: inherit; padding: 4px 8px; border-radius: 6px; border: 1px solid var(--line); }
button { font: inherit; padding: 6px 16px; border-radius: 6px; border: 0; background: var(--accent); color: #fff; cursor: pointer; }
button:disabled { opacity: .6; cursor: default; }
table { width: 100%; border-collapse: collapse; font-size: 14px; }
th, td { text-align: left; padding: 7px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { color: var(--muted); font-weight: 600; }
code, pre { font-family: ui-monospace, "SF Mono", Menlo, Consolas, monospace; font-size: 13px; }
pre { margin: 6px 0 0; padding: 8px; border-radius: 6px; background: color-mix(in srgb, CanvasText 6%, transparent);
  max-height: 240px; overflow: auto; white-space: pre-wrap; word-break: break-all; }
.code { display: inline-block; padding: 1px 8px; border-radius: 999px; font-weight: 600; font-size: 12px; }
.code.ok { color: var(--ok); background: color-mix(in srgb, var(--ok) 14%, transparent); }
.code.bad { color: var(--bad); background: color-mix(in srgb, var(--bad) 14%, transparent); }
.muted { color: var(--muted); } a { color: var(--accent); } td:last-child { white-space: nowrap; }
`;

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title><style>${STYLE}</style></head>
<body><main>${body}</main></body></html>
`;
}

function keyNotice(options: SandboxOptions): string {
  if (!options.demoKey) return '';
  return `<div class="card warn">仅供沙箱：正在使用内置演示密钥，切勿用于真实环境。 ·
  Sandbox only: the built-in demo key is in use; never use it anywhere real.</div>`;
}

/** The index page (`GET /` without a signature). */
export function indexPage(options: SandboxOptions): string {
  const platforms = options.platforms.map((p) => `<code>${escapeHtml(p)}</code>`).join(', ');
  return page(
    'CME 沙箱 · CME Sandbox',
    `<h1>CME 沙箱 · CME Sandbox</h1>
<p class="sub">本地 CME 兼容服务，离线可用。 · A local CME-compatible server that works offline.</p>
${keyNotice(options)}
<div class="card"><a href="demo"><strong>打开演示 · Open the demo →</strong></a></div>
<h2>接口 · Endpoints</h2>
<table>
<tr><th>登录 · Login</th><td><code>GET /?signature=…</code> (${escapeHtml(options.loginShape)} shape)</td></tr>
<tr><th>客户端 API · Client API</th><td><code>POST /PaaS/&lt;ActionClass&gt;/&lt;ActionName&gt;?auth=…</code>,
 <code>POST /proxy/PaaS/…</code></td></tr>
<tr><th>开发签名 · Dev signature</th><td><code>POST /dev/signature {"userId": "…"}</code>, <code>GET /dev/signature?userId=…</code></td></tr>
<tr><th>统计 · Stats</th><td><a href="__sandbox/stats"><code>GET /__sandbox/stats</code></a>, <code>POST /__sandbox/reset</code> (票据不变 · tickets kept)</td></tr>
<tr><th>注销票据 · Revoke tickets</th><td><code>POST /__sandbox/revoke {"ticket": "tf_…"}</code> or <code>{"platform": "…", "userId": "…"}</code> (loopback)</td></tr>
<tr><th>票据有效期 · Ticket lifetime</th><td>${options.ticketTtlSeconds === null ? '长期，直到注销 · long-term, until revoked (as CME documents)' : `${options.ticketTtlSeconds} s (<code>--ticket-ttl</code>, 沙箱自定 · the sandbox's own rule)`}</td></tr>
<tr><th>严格模式 · Strict mode</th><td>${options.strict ? '开 · on' : '关 · off'} (<code>--strict</code>): ${options.strict ? '只返回 CME 文档记录的错误码 · only Codes CME documents' : "文档未规定之处返回沙箱自己的错误码 · the sandbox's own Codes where the docs are silent"}; 标记 · marked: <code>X-Sandbox-Undocumented</code>, <code>SandboxDetail</code></td></tr>
<tr><th>平台 · Platforms</th><td>${platforms}</td></tr>
</table>`,
  );
}

// Runs in the page; plain ES2017, no template literals (this file is one).
const DEMO_SCRIPT = `
var base = location.pathname.replace(/demo\\/?$/, '');
var rows = document.getElementById('rows');
var runButton = document.getElementById('run');
var owner, platform, auth;
function cell(text, cls) { var td = document.createElement('td'); td.textContent = text; if (cls) td.className = cls; return td; }
function addRow(step, res, json, ms, expectFail) {
  var tr = document.createElement('tr');
  var code = json ? (json.Code || (json.Response && (json.Response.Error ? json.Response.Error.Code : 'Success')) || (json.signature ? 'OK' : '')) : '';
  var ok = code === 'Success' || code === 'OK';
  tr.appendChild(cell(String(rows.children.length + 1)));
  var name = cell(step); var url = document.createElement('div'); url.className = 'muted'; url.textContent = res.url.replace(location.origin, '').replace(/(auth|signature)=[^&]+/, '$1=…'); name.appendChild(url); tr.appendChild(name);
  tr.appendChild(cell(String(res.status)));
  var c = document.createElement('td'); var badge = document.createElement('span'); badge.className = 'code ' + (ok ? 'ok' : 'bad'); badge.textContent = code || '—'; c.appendChild(badge);
  if (expectFail) { var note = document.createElement('div'); note.className = 'muted'; note.textContent = ok ? '（本应失败 · should have failed）' : '预期失败 · expected failure'; c.appendChild(note); }
  tr.appendChild(c);
  var detail = cell(''); var d = document.createElement('details'); var s = document.createElement('summary');
  s.textContent = (json && (json.Message || json.EnglishMessage)) || (json && json.Response && json.Response.Error ? json.Response.Error.Message : '') || (ok ? '成功 · OK' : '');
  var pre = document.createElement('pre'); pre.textContent = JSON.stringify(json, null, 2); d.appendChild(s); d.appendChild(pre); detail.appendChild(d);
  if (json && json.EnglishMessage && json.EnglishMessage !== json.Message) { var en = document.createElement('div'); en.className = 'muted'; en.textContent = json.EnglishMessage; detail.appendChild(en); }
  tr.appendChild(detail);
  tr.appendChild(cell(ms + ' ms', 'muted'));
  rows.appendChild(tr);
}
function call(step, url, body, expectFail) {
  var t0 = performance.now();
  var init = body === undefined ? {} : { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) };
  return fetch(url, init).then(function (res) {
    return res.json().catch(function () { return null; }).then(function (json) {
      addRow(step, res, json, Math.round(performance.now() - t0), expectFail);
      return json;
    });
  });
}
function api(path, body, expectFail, prefix) { return call(path, base + (prefix || '') + 'PaaS/' + path + '?auth=' + encodeURIComponent(auth), body, expectFail); }
function run() {
  rows.textContent = ''; runButton.disabled = true;
  var userId = document.getElementById('user').value || 'demo_user';
  platform = document.getElementById('platform').value;
  owner = { Type: 'PERSON', Id: userId };
  var classId = null;
  call('开发者后端签名 · Sign (dev backend)', base + 'dev/signature', { userId: userId, platform: platform })
    .then(function (j) { return call('登录 · Login', base + '?signature=' + encodeURIComponent(j.signature)); })
    .then(function (j) {
      auth = j.Response ? j.Response.Authorization : j.Data && j.Data.Authorization;
      if (!auth) throw new Error('login failed');
      return api('Material/DescribeClass', { Platform: platform, Owner: owner });
    })
    .then(function () { return api('Material/CreateClass', { ParentClassId: 0, Name: '演示分类 ' + new Date().toTimeString().slice(0, 8), Owner: owner }); })
    .then(function (j) { classId = j && j.Data ? j.Data.ClassId : null; return api('Material/ListMedia', { Platform: platform, ClassId: 0, Owner: owner, Limit: 10 }); })
    .then(function () { return api('Project/DescribeProjects', { Limit: 10 }); })
    .then(function () { return api('Team/DescribeTeams', {}); })
    .then(function () { return api('Team/DescribeJoinTeams', { Limit: 10 }, false, 'proxy/'); })
    .then(function () { return api('Material/DeleteMaterial', { MaterialId: '0000000000' }, true); })
    .then(function () { if (classId !== null) return api('Material/DeleteClass', { ClassId: classId, Owner: owner }); })
    .catch(function (e) { var tr = document.createElement('tr'); tr.appendChild(cell('!')); tr.appendChild(cell(String(e), 'code bad')); rows.appendChild(tr); })
    .then(function () { runButton.disabled = false; });
}
document.getElementById('home').href = base;
runButton.addEventListener('click', run);
// ?manual: nothing runs until "Run again" (tests that open DevTools first, so no reload races the panel).
if (!/[?&]manual(=|&|$)/.test(location.search)) run();
`;

/** The demo app (`GET /demo`). */
export function demoPage(options: SandboxOptions): string {
  const platformOptions = options.platforms
    .map((p) => `<option value="${escapeHtml(p)}">${escapeHtml(p)}</option>`)
    .join('');
  return page(
    'CME 沙箱演示 · CME Sandbox Demo',
    `<h1>CME 沙箱演示 · CME Sandbox Demo</h1>
<p class="sub">用普通 fetch 跑一遍真实流程：签名 → 登录 → 调用客户端 API（其中一个经 <code>/proxy/PaaS</code> 转发，一个预期失败）。
打开 DevTools 的 CME 面板即可看到这些请求。<br>
Runs the real flow with plain fetch: sign → log in → client API calls (one through <code>/proxy/PaaS</code>,
one expected to fail). Open the CME panel in DevTools to see them.</p>
${keyNotice(options)}
<div class="card">
<label>用户 · User <input id="user" value="demo_user" size="14"></label>
<label>平台 · Platform <select id="platform">${platformOptions}</select></label>
<button id="run">Run again / 再次运行</button>
</div>
<table><thead><tr><th>#</th><th>调用 · Call</th><th>HTTP</th><th>Code</th><th>消息 · Message</th><th>耗时 · Time</th></tr></thead>
<tbody id="rows"></tbody></table>
<p class="muted"><a id="home" href="./">← 沙箱首页 · Sandbox home</a></p>
<script>${DEMO_SCRIPT}</script>`,
  );
}
