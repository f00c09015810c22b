// The dashboard's chart element (dashboard/ui.py `plot`): a plotly figure drawn by plotly.js's
// official *cartesian* bundle (bar, scatter, heatmap… 1.5 MB), served by Streamlit's static
// file serving from dashboard/static/, instead of st.plotly_chart's chunk, which carries the
// whole of plotly.js (4.5 MB) and is the largest part of a page's time to its first chart
// (issue 17: first chart <= 3 s). The script is fetched once per page and cached by the browser.
const BUNDLE = "./app/static/plotly-cartesian-4.1.1.min.js";

function plotly() {
  if (!window.__complaintsPlotly) {
    window.__complaintsPlotly = new Promise((resolve, reject) => {
      const s = document.createElement("script");
      s.src = BUNDLE;
      s.onload = () => resolve(window.Plotly);
      s.onerror = () => { window.__complaintsPlotly = null; reject(new Error(BUNDLE)); };
      document.head.appendChild(s);
    });
  }
  return window.__complaintsPlotly;
}

// A page's charts are drawn one after another, each in its own task after the browser has
// painted the one before: when the bundle arrives, every chart of the page is waiting for it,
// and drawn in one go they held the first chart off the screen until the last was done
// (~1.5 s on /trends at 10M posts, issue 17: first chart <= 3 s).
function drawInTurn(draw) {
  const turn = (window.__complaintsTurn || Promise.resolve()).then(draw).catch(() => {}).then(nextFrame);
  window.__complaintsTurn = turn;
  return turn;
}

function nextFrame() {
  return new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
}

export default function ({ data, parentElement }) {
  // The page's first element (dashboard/ui.py `preload_charts`): fetch the bundle while the
  // server still computes the page, not after its first chart arrives (issue 17).
  if (data.preload) { plotly().catch(() => {}); return; }
  const el = parentElement.querySelector(".complaints-chart");
  const { figure, config, not_loaded } = data;
  const fig = JSON.parse(figure);
  el.style.minHeight = (fig.layout.height || 450) + "px";  // the page does not jump when the chart arrives
  plotly().then(
    (Plotly) => drawInTurn(() => el.isConnected && Plotly.react(el, fig.data, fig.layout, { ...config, responsive: true })),
    () => { el.textContent = not_loaded.replace("{url}", BUNDLE); },  // said on the page, not a blank space
  );
  return () => { if (window.Plotly && el) window.Plotly.purge(el); };
}
