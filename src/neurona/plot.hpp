/// @file plot.hpp
/// Plots through gnuplot (gnuplot-iostream): PNG files for out/, and text drawings for the
/// terminal (gnuplot's "dumb" terminal), so a learner sees a curve without opening a file.
/// Every function throws std::runtime_error naming the file when gnuplot fails or the
/// PNG is not written.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "neurona/matrix.hpp"
#include "neurona/metrics.hpp"

namespace neurona::plot {

/// One curve: y against x (same length), with its legend title.
struct Series {
    std::string title;  ///< the legend
    /// The points' coordinates.
    ///@{
    std::vector<double> x, y;
    ///@}
};

/// Axis labels and the plot title.
struct Labels {
    /// Shown above the plot and beside its axes.
    ///@{
    std::string title, xlabel, ylabel;
    ///@}
};

/// Line plot of `series` to a PNG file (800x500). Throws std::invalid_argument when a
/// series has x and y of different lengths.
void line_png(const std::string& path, const Labels& labels, const std::vector<Series>& series);

/// The same line plot drawn in text, `width` x `height` characters, returned as a string.
std::string line_text(const Labels& labels, const std::vector<Series>& series, int width = 78,
                      int height = 20);

/// A grey-scale image to a PNG file: `pixels` is (1, rows * cols) or (rows, cols), values in
/// [0, 1] (0 = white, 1 = black, as the course's matplotlib cmap=binary).
void image_png(const std::string& path, const Matrix& pixels, std::size_t rows, std::size_t cols,
               const std::string& title);

/// Points of a 2-D dataset, one colour per class: X is (n, 2), y is (n, 1) class labels
/// (0, 1, ...). Throws std::invalid_argument when X is not (n, 2) or y not (n, 1), or a
/// label is not a whole number in [0, 100).
void scatter_png(const std::string& path, const Labels& labels, const Matrix& X, const Matrix& y);

/// The decision boundary of a classifier with two inputs: `predict` maps a (k, 2) batch of
/// points to (k, 1) probabilities of class 1 (a sigmoid output) or (k, classes) scores, of
/// which the argmax is drawn. The plane around X (its range plus 10%) is sampled on a
/// resolution x resolution grid and drawn as an image, with the points of (X, y) on top.
/// Throws std::invalid_argument on the shapes scatter_png checks.
void decision_boundary_png(const std::string& path, const Labels& labels,
                           const std::function<Matrix(const Matrix&)>& predict, const Matrix& X,
                           const Matrix& y, std::size_t resolution = 100);

/// A confusion matrix (confusion_matrix's counts[true][predicted]) as a heat map, to a PNG
/// file (760x700): one cell per (true, predicted) pair, true classes as rows from top to
/// bottom, predicted classes as columns, each cell with its count written in it. The colour
/// is log10(1 + count), so that a handful of mistakes still shows beside a diagonal of
/// thousands. `names` labels the classes, one per class. Throws std::invalid_argument when
/// `counts` is empty or not square, or `names` has another size.
void confusion_png(const std::string& path, const std::string& title, const ConfusionMatrix& counts,
                   const std::vector<std::string>& names);

/// 1, 2, ..., n as doubles: the epoch axis of a History series.
std::vector<double> epochs_axis(std::size_t n);

}  // namespace neurona::plot
