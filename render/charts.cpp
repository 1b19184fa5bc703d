#include "render/charts.h"

#include <algorithm>
#include <cmath>
#include <map>

#include <vtkAxis.h>
#include <vtkChartBox.h>
#include <vtkChartLegend.h>
#include <vtkChartXY.h>
#include <vtkContextScene.h>
#include <vtkContextView.h>
#include <vtkDoubleArray.h>
#include <vtkNew.h>
#include <vtkPlot.h>
#include <vtkPlotBox.h>
#include <vtkPlotPoints.h>
#include <vtkRenderWindow.h>
#include <vtkRenderer.h>
#include <vtkStringArray.h>
#include <vtkTable.h>
#include <vtkTextProperty.h>

#include "render/offscreen.h"

namespace tmsnav {

namespace {
constexpr int kTitleFontSize = 18;
constexpr int kMaxSide = 4096;  // pixels: a larger request is a mistake, not a plot

Result<Done> savePng(vtkContextView* view, int width, int height, const std::string& path) {
  if (width < 64 || height < 64 || width > kMaxSide || height > kMaxSide)
    return Error{"plot size must be within 64..4096 pixels"};
  vtkRenderWindow* window = view->GetRenderWindow();
  window->SetOffScreenRendering(1);
  window->SetMultiSamples(0);
  window->SetSize(width, height);
  view->GetRenderer()->SetBackground(1.0, 1.0, 1.0);
  window->Render();
  return saveWindowPng(window, path);
}

void titles(vtkChart* chart, const std::string& title) {
  chart->SetTitle(title);
  chart->GetTitleProperties()->SetFontSize(kTitleFontSize);
  chart->GetTitleProperties()->BoldOn();
}

// The five numbers a box shows: min, lower quartile, median, upper quartile, max.
std::array<double, 5> fiveNumbers(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const auto q = [&](double p) {
    const double at = p * static_cast<double>(v.size() - 1);
    const size_t lo = static_cast<size_t>(std::floor(at));
    const size_t hi = std::min(lo + 1, v.size() - 1);
    return v[lo] + (at - static_cast<double>(lo)) * (v[hi] - v[lo]);
  };
  return {v.front(), q(0.25), q(0.5), q(0.75), v.back()};
}
}  // namespace

Rgb seriesColour(size_t i) {
  static constexpr Rgb kOkabeIto[] = {{0, 114, 178},  {230, 159, 0},   {0, 158, 115},  {213, 94, 0},
                                      {86, 180, 233}, {204, 121, 167}, {240, 228, 66}, {0, 0, 0}};
  return kOkabeIto[i % std::size(kOkabeIto)];
}

Marker seriesMarker(size_t i) {
  static constexpr Marker kMarkers[] = {Marker::Circle, Marker::Plus, Marker::Diamond,
                                        Marker::Square};
  return kMarkers[(i / 8) % std::size(kMarkers)];
}

Result<Done> writeXyChartPng(const XyChart& c, int width, int height, const std::string& path) {
  vtkNew<vtkContextView> view;
  vtkNew<vtkChartXY> chart;
  view->GetScene()->AddItem(chart);
  titles(chart, c.title);
  chart->GetAxis(vtkAxis::BOTTOM)->SetTitle(c.x_title);
  chart->GetAxis(vtkAxis::LEFT)->SetTitle(c.y_title);
  chart->SetShowLegend(c.series.size() > 1);
  std::vector<vtkSmartPointer<vtkTable>> tables;  // alive until rendered
  for (const auto& s : c.series) {
    if (s.x.empty() || s.x.size() != s.y.size()) continue;
    auto table = vtkSmartPointer<vtkTable>::New();
    vtkNew<vtkDoubleArray> x, y;
    x->SetName((s.name + " x").c_str());
    y->SetName(s.name.c_str());
    for (size_t i = 0; i < s.x.size(); ++i) x->InsertNextValue(s.x[i]), y->InsertNextValue(s.y[i]);
    table->AddColumn(x);
    table->AddColumn(y);
    vtkPlot* plot = chart->AddPlot(s.line ? vtkChart::LINE : vtkChart::POINTS);
    plot->SetInputData(table, 0, 1);
    plot->SetColor(s.colour[0], s.colour[1], s.colour[2], 255);
    plot->SetWidth(s.line ? 1.5f : 1.0f);
    if (auto* points = vtkPlotPoints::SafeDownCast(plot)) {
      static const std::map<Marker, int> kStyle = {{Marker::Circle, vtkPlotPoints::CIRCLE},
                                                   {Marker::Square, vtkPlotPoints::SQUARE},
                                                   {Marker::Diamond, vtkPlotPoints::DIAMOND},
                                                   {Marker::Plus, vtkPlotPoints::PLUS},
                                                   {Marker::Cross, vtkPlotPoints::CROSS}};
      points->SetMarkerStyle(kStyle.at(s.marker));
      points->SetMarkerSize(s.marker_size);
    }
    tables.push_back(table);
  }
  if (c.half_range > 0) {
    for (int axis : {vtkAxis::BOTTOM, vtkAxis::LEFT}) {
      chart->GetAxis(axis)->SetBehavior(vtkAxis::FIXED);
      chart->GetAxis(axis)->SetRange(-c.half_range, c.half_range);
    }
  }
  return savePng(view, width, height, path);
}

Result<Done> writeBoxChartPng(const BoxChart& c, int width, int height, const std::string& path) {
  vtkNew<vtkContextView> view;
  vtkNew<vtkChartBox> chart;
  view->GetScene()->AddItem(chart);
  titles(chart, c.title);
  vtkNew<vtkTable> table;
  vtkNew<vtkStringArray> labels;
  std::vector<std::pair<std::string, Rgb>> colours;
  for (size_t i = 0; i < c.names.size() && i < c.values.size(); ++i) {
    if (c.values[i].empty()) continue;
    vtkNew<vtkDoubleArray> column;
    column->SetName(c.names[i].c_str());
    for (double v : fiveNumbers(c.values[i])) column->InsertNextValue(v);
    table->AddColumn(column);
    labels->InsertNextValue(c.names[i]);
    colours.emplace_back(c.names[i], seriesColour(i));
  }
  if (table->GetNumberOfColumns() == 0) return Error{"nothing to plot in " + c.title};
  chart->GetPlot(0)->SetInputData(table);
  chart->SetColumnVisibilityAll(true);
  chart->GetPlot(0)->SetLabels(labels);
  chart->GetPlot(0)->LegendVisibilityOn();  // the boxes' names
  chart->SetShowLegend(true);
  chart->GetYAxis()->SetTitle(c.y_title);
  if (auto* box = vtkPlotBox::SafeDownCast(chart->GetPlot(0)))
    for (const auto& [name, rgb] : colours) {
      double colour[3] = {rgb[0] / 255.0, rgb[1] / 255.0, rgb[2] / 255.0};
      box->SetColumnColor(name, colour);
    }
  return savePng(view, width, height, path);
}

}  // namespace tmsnav
