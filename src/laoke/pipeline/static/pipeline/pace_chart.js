/* The pipeline pace chart: targets entered and converted per quarter against the 5 % goal (004). */
(function () {
  "use strict";
  function draw() {
    var source = document.getElementById("pace-data");
    var element = document.getElementById("chart-pace");
    if (!source || !element || typeof echarts === "undefined") {
      return;
    }
    var d = JSON.parse(source.textContent);
    var chart = echarts.init(element, null, { renderer: "canvas" });
    chart.setOption({
      color: ["#0d6efd", "#198754", "#dc3545"],
      tooltip: { trigger: "axis" },
      legend: { top: 0 },
      grid: { left: 40, right: 16, top: 32, bottom: 24 },
      xAxis: { type: "category", data: d.quarters },
      yAxis: { type: "value", minInterval: 1 },
      series: [
        { name: d.names.entered, type: "bar", data: d.entered },
        { name: d.names.converted, type: "bar", data: d.converted },
        { name: d.names.goal, type: "line", step: "middle", data: d.goal }
      ]
    });
    window.addEventListener("resize", function () { chart.resize(); });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
