// The redaction page: draw boxes on the page images (issue 14). Each box becomes a hidden input
// `box` = "page,x0,y0,x1,y1" in fractions of the page; a click on a box removes it. Without this file the
// clerk chooses by text.
for (const el of document.querySelectorAll('.gk-redact-js-only')) el.hidden = false;

for (const fig of document.querySelectorAll('.gk-redact-page')) {
  const form = fig.closest('form');
  const img = fig.querySelector('img');
  if (!form || !img) continue;
  let start = null;
  let box = null;
  const at = (event) => {
    const r = img.getBoundingClientRect();
    return {
      x: Math.min(1, Math.max(0, (event.clientX - r.left) / r.width)),
      y: Math.min(1, Math.max(0, (event.clientY - r.top) / r.height)),
    };
  };
  const place = (el, a, b) => {
    const x0 = Math.min(a.x, b.x);
    const y0 = Math.min(a.y, b.y);
    el.style.left = `${x0 * img.offsetWidth + img.offsetLeft}px`;
    el.style.top = `${y0 * img.offsetHeight + img.offsetTop}px`;
    el.style.width = `${Math.abs(b.x - a.x) * img.offsetWidth}px`;
    el.style.height = `${Math.abs(b.y - a.y) * img.offsetHeight}px`;
  };
  fig.addEventListener('pointerdown', (event) => {
    if (event.target.classList.contains('gk-redact-box')) return;
    event.preventDefault();
    start = at(event);
    box = document.createElement('div');
    box.className = 'gk-redact-box';
    fig.append(box);
    place(box, start, start);
    fig.setPointerCapture(event.pointerId);
  });
  fig.addEventListener('pointermove', (event) => {
    if (start && box) place(box, start, at(event));
  });
  fig.addEventListener('pointerup', () => {
    if (!start || !box) return;
    const drawn = box;
    start = null;
    box = null;
    const rect = drawn.getBoundingClientRect();
    if (rect.width < 3 || rect.height < 3) {
      drawn.remove();
      return;
    }
    const r = img.getBoundingClientRect();
    const f = (v) => v.toFixed(4);
    const value = [
      fig.dataset.page,
      f((rect.left - r.left) / r.width),
      f((rect.top - r.top) / r.height),
      f((rect.right - r.left) / r.width),
      f((rect.bottom - r.top) / r.height),
    ].join(',');
    const input = document.createElement('input');
    input.type = 'hidden';
    input.name = 'box';
    input.value = value;
    form.append(input);
    drawn.title = '点击取消此框';
    drawn.setAttribute('role', 'button');
    drawn.setAttribute('aria-label', `第${Number(fig.dataset.page) + 1}页的框选，点击取消`);
    drawn.addEventListener('click', () => {
      drawn.remove();
      input.remove();
    });
  });
}
