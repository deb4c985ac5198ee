// Page furniture for demo/examples/, not the kit: the bar above each page (the way back to the
// demo, the three examples, and the connection's state, which examples.css words from the
// connection's own :state()), then the source beside each section (../source.js).
const PAGES = { 'echo.html': 'Echo', 'bunny.html': 'Bunny', 'temp-queue.html': 'Temporary queue' };
const here = location.pathname.split('/').pop();

const header = document.createElement('header');
header.className = 'top';
header.innerHTML = `<nav class="wrap top-bar" aria-label="Examples">
  <p class="brand"><a href="../">stomp-elements</a> <span class="crumb"></span></p>
  <p class="toc"></p>
  <p class="status" role="status"><span class="dot" aria-hidden="true"></span> <span class="state"></span></p>
</nav>`;
header.querySelector('.crumb').textContent = `› ${PAGES[here] ?? ''}`;
for (const [file, title] of Object.entries(PAGES)) {
  const link = Object.assign(document.createElement('a'), { href: file, textContent: title });
  if (file === here) link.setAttribute('aria-current', 'page');
  header.querySelector('.toc').append(link, ' ');
}
// Inside the connection, so that `#demo:state(connected) .dot` styles it.
document.getElementById('demo').prepend(header);

await import('../source.js');
