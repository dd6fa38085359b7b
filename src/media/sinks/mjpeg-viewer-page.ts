/**
 * The browser viewer's page (mjpeg-viewer.ts): the participants' MJPEG
 * streams as the call pane lays them out — one fills the window, two side
 * by side, three in a 2×2 — each with its name under it. A small script
 * reads `peers.json` every second and adds or removes tiles, so people who
 * join or leave appear without a reload. Names are set as text, never as
 * HTML (they come from other people).
 */

export function viewerPage(title: string): string {
  return (
    `<!doctype html><meta charset="utf-8"><title>${escapeHtml(title)}</title>` +
    `<style>html,body{margin:0;height:100%;background:#000;color:#ccc;font:14px sans-serif}` +
    `#grid{display:grid;height:100vh;gap:4px}` +
    `#grid.n1{grid-template-columns:1fr}#grid.n2{grid-template-columns:1fr 1fr}` +
    `#grid.n3{grid-template-columns:1fr 1fr;grid-template-rows:1fr 1fr}` +
    `figure{margin:0;display:flex;flex-direction:column;min-height:0}` +
    `img{flex:1;min-height:0;width:100%;object-fit:contain}` +
    `figcaption{text-align:center;padding:2px}</style>` +
    `<body><div id="grid" class="n1"><figure data-stream="stream.mjpg">` +
    `<img src="stream.mjpg" alt=""><figcaption></figcaption></figure></div>` +
    `<script>${SCRIPT}</script></body>`
  );
}

const SCRIPT = `
const grid = document.getElementById('grid');
async function follow() {
  try {
    const peers = await (await fetch('peers.json', { cache: 'no-store' })).json();
    const wanted = new Map(peers.map((p) => [p.stream, p.name]));
    for (const tile of [...grid.children]) {
      const stream = tile.dataset.stream;
      if (stream === 'stream.mjpg' && peers.length > 0) tile.remove();
      else if (stream !== 'stream.mjpg' && !wanted.has(stream)) tile.remove();
    }
    for (const p of peers) {
      if (grid.querySelector('[data-stream="' + p.stream + '"]')) continue;
      const tile = document.createElement('figure');
      tile.dataset.stream = p.stream;
      const img = document.createElement('img');
      img.src = p.stream;
      const caption = document.createElement('figcaption');
      caption.textContent = p.name;
      tile.append(img, caption);
      grid.append(tile);
    }
    grid.className = 'n' + Math.min(3, Math.max(1, grid.children.length));
  } catch {}
}
follow();
setInterval(follow, 1000);
`;

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
