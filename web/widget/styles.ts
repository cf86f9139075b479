/** The widget's styles, inside its shadow root: the host page's CSS cannot reach them. */
export const CSS = `
:host{all:initial}
*{box-sizing:border-box;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
.launcher{position:fixed;right:20px;bottom:20px;width:56px;height:56px;border-radius:50%;border:0;background:#1f4fd1;color:#fff;display:flex;align-items:center;justify-content:center;cursor:pointer;box-shadow:0 4px 14px rgba(0,0,0,.25);z-index:2147483646}
.launcher:focus-visible,button:focus-visible,textarea:focus-visible{outline:3px solid #ffbf47;outline-offset:2px}
.badge{position:absolute;top:-4px;right:-4px;min-width:22px;height:22px;padding:0 6px;border-radius:11px;background:#c4122f;color:#fff;font-size:13px;line-height:22px;font-weight:700}
.panel{position:fixed;right:20px;bottom:88px;width:370px;max-width:calc(100vw - 40px);height:560px;max-height:calc(100vh - 120px);display:flex;flex-direction:column;background:#fff;color:#1a1a1a;border-radius:12px;box-shadow:0 8px 30px rgba(0,0,0,.25);overflow:hidden;z-index:2147483647}
.panel[hidden]{display:none}
header{display:flex;align-items:center;gap:8px;padding:12px 14px;background:#1f4fd1;color:#fff}
header div{flex:1;min-width:0}
h2{margin:0;font-size:16px;font-weight:700}
.who{margin:2px 0 0;font-size:13px;opacity:.95}
.close{background:none;border:0;color:#fff;font-size:22px;cursor:pointer;width:36px;height:36px;border-radius:6px}
.log{flex:1;overflow-y:auto}
ol{list-style:none;margin:0;padding:12px;display:flex;flex-direction:column;gap:8px}
li{max-width:85%;padding:8px 12px;border-radius:12px;font-size:14px;line-height:1.4;white-space:pre-wrap;overflow-wrap:anywhere}
li.visitor{align-self:flex-end;background:#1f4fd1;color:#fff}
li.agent,li.person{align-self:flex-start;background:#eef1f6}
li.system{align-self:center;background:none;color:#444;font-size:13px;font-style:italic}
li .author{display:block;font-size:12px;font-weight:700;margin-bottom:2px}
li.pending{opacity:.7}
li.failed{background:#fff;color:#a0001c;border:1px dashed #a0001c}
li .flag{display:block;font-size:12px;font-weight:700;margin-top:2px}
.choices{display:flex;flex-wrap:wrap;gap:6px;padding:0 12px 8px}
.choices button{border:1px solid #1f4fd1;background:#fff;color:#1f4fd1;border-radius:16px;padding:6px 12px;font-size:14px;cursor:pointer}
.typing,.notice{margin:0;padding:0 14px 6px;font-size:13px;color:#444}
.notice.error{color:#a0001c}
.typing[hidden],.notice[hidden]{display:none}
form{display:flex;gap:8px;padding:10px;border-top:1px solid #dde1e8}
textarea{flex:1;resize:none;height:44px;padding:10px;border:1px solid #8a93a3;border-radius:8px;font-size:15px;color:#1a1a1a}
form button{border:0;background:#1f4fd1;color:#fff;border-radius:8px;padding:0 16px;font-size:15px;cursor:pointer}
form button:disabled{background:#6b7385}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
@media (max-width:480px){.panel{right:0;bottom:0;width:100vw;max-width:100vw;height:100%;max-height:100%;border-radius:0}}
@media (prefers-reduced-motion:no-preference){.panel{transition:opacity .15s}}
`;
