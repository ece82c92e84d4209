/* KPI page charts: reads the JSON the page wrote (#kpi-data) and draws one ECharts chart per KPI. */
(function () {
  "use strict";
  const source = document.getElementById("kpi-data");
  if (!source || typeof echarts === "undefined") {
    return;
  }
  const data = JSON.parse(source.textContent);
  const zh = (document.documentElement.lang || "").toLowerCase().indexOf("zh") === 0;
  const charts = [];

  function draw(id, option) {
    const element = document.getElementById(id);
    if (!element) {
      return;
    }
    const chart = echarts.init(element, null, { renderer: "canvas", locale: zh ? "ZH" : "EN" });
    chart.setOption(option);
    charts.push(chart);
  }

  function rates(id, d) {
    const series = [{ name: d.seriesName, type: "bar", data: d.values, barMaxWidth: 36 }];
    if (d.company !== null) {
      series[0].markLine = {
        silent: true, symbol: "none",
        label: { formatter: d.companyName + " {c}%" },
        data: [{ yAxis: d.company }],
      };
    }
    draw(id, {
      tooltip: { trigger: "axis", valueFormatter: (v) => (v === null ? "—" : v + "%") },
      grid: { left: 44, right: 16, top: 24, bottom: 48 },
      xAxis: { type: "category", data: d.labels, axisLabel: { rotate: 30, hideOverlap: true } },
      yAxis: { type: "value", min: 0, max: 100 },
      series: series,
    });
  }

  rates("chart-reorder", data.reorder);
  rates("chart-retention", data.retention);
  rates("chart-winback", data.winback);

  draw("chart-pareto", {
    tooltip: { trigger: "axis", valueFormatter: (v) => v + "%" },
    grid: { left: 48, right: 16, top: 24, bottom: 40 },
    xAxis: { type: "value", min: 0, max: 100, name: data.pareto.xName, nameLocation: "middle", nameGap: 24 },
    yAxis: { type: "value", min: 0, max: 100, name: data.pareto.yName },
    series: [{
      name: data.pareto.seriesName, type: "line", showSymbol: false, areaStyle: { opacity: 0.15 },
      data: data.pareto.points,
      markLine: { silent: true, symbol: "none", data: [{ xAxis: data.pareto.topShare }] },
    }],
  });

  draw("chart-owners", {
    tooltip: { trigger: "item", formatter: "{b}: {c} ({d}%)" },
    series: [{ type: "pie", radius: ["35%", "70%"], data: data.owners, label: { formatter: "{b} {d}%" } }],
  });

  draw("chart-response", {
    tooltip: { trigger: "axis" },
    grid: { left: 44, right: 16, top: 24, bottom: 48 },
    xAxis: { type: "category", data: data.response.labels, axisLabel: { rotate: 30, hideOverlap: true } },
    yAxis: { type: "value", min: 0 },
    series: [{ name: data.response.seriesName, type: "bar", data: data.response.values, barMaxWidth: 36 }],
  });

  draw("chart-losses", {
    tooltip: { trigger: "axis" },
    legend: { top: 0 },
    grid: { left: 44, right: 64, top: 32, bottom: 72 },
    xAxis: { type: "category", data: data.losses.labels, axisLabel: { rotate: 25, hideOverlap: true, width: 90, overflow: "truncate" } },
    yAxis: [{ type: "value", minInterval: 1 }, { type: "value", splitLine: { show: false } }],
    series: [
      { name: data.losses.customersName, type: "bar", data: data.losses.customers, barMaxWidth: 36 },
      { name: data.losses.revenueName, type: "line", yAxisIndex: 1, data: data.losses.revenue },
    ],
  });

  draw("chart-pace", {
    tooltip: { trigger: "axis" },
    legend: { top: 0 },
    grid: { left: 40, right: 16, top: 32, bottom: 32 },
    xAxis: { type: "category", data: data.pace.labels },
    yAxis: { type: "value", minInterval: 1 },
    series: [
      { name: data.pace.enteredName, type: "bar", data: data.pace.entered },
      { name: data.pace.convertedName, type: "bar", data: data.pace.converted },
      { name: data.pace.goalName, type: "line", data: data.pace.goal },
    ],
  });

  window.addEventListener("resize", function () {
    charts.forEach(function (chart) { chart.resize(); });
  });
})();
