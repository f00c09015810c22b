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

export default function ({ data, parentElement }) {
  const el = parentElement.querySelector(".complaints-chart");
  const { figure, config, not_loaded } = data;
  const fig = JSON.parse(figure);
  el.style.minHeight = (fig.layout.height || 450) + "px";  // the page does not jump when the chart arrives
  plotly().then(
    (Plotly) => Plotly.react(el, fig.data, fig.layout, { ...config, responsive: true }),
    () => { el.textContent = not_loaded.replace("{url}", BUNDLE); },  // said on the page, not a blank space
  );
  return () => { if (window.Plotly && el) window.Plotly.purge(el); };
}
