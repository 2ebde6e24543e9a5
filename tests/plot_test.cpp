#include "neurona/plot.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <unistd.h>

using namespace neurona;

namespace {
std::string first_bytes(const std::string& path, std::size_t n) {
    std::ifstream f(path, std::ios::binary);
    std::string s(n, '\0');
    f.read(s.data(), static_cast<std::streamsize>(n));
    s.resize(static_cast<std::size_t>(f.gcount()));
    return s;
}
}  // namespace

TEST(Plot, LinePngIsAPngFile) {
    const std::string path = (std::filesystem::temp_directory_path() /
                              ("neurona_plot_test_" + std::to_string(::getpid()) + ".png")).string();
    plot::line_png(path, {"loss", "epoch", "loss"}, {{"train", {1, 2, 3}, {0.9, 0.5, 0.2}}});
    EXPECT_EQ(first_bytes(path, 8), std::string("\x89PNG\r\n\x1a\n", 8));
    std::filesystem::remove(path);
}

TEST(Plot, TextDrawingHasTheTitleAndTheSize) {
    const std::string text = plot::line_text({"my curve", "epoch", "loss"},
                                             {{"train", {1, 2, 3, 4}, {4, 3, 2, 1}}}, 60, 15);
    EXPECT_NE(text.find("my curve"), std::string::npos) << text;
    EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 15) << text;
}

// Four curves that all end in the top-right corner, where a legend inside the plot would sit:
// the text terminal has no opaque background, so a curve drawn after a legend entry would
// overwrite it. Every title must survive (chapter 3.4 lost three of its four).
TEST(Plot, TextDrawingShowsEveryLegendEntry) {
    std::vector<plot::Series> series;
    for (const char* title : {"train, dropout", "validation, dropout", "train, none", "validation, none"}) {
        const double shift = 0.01 * static_cast<double>(series.size());
        series.push_back({title, {1, 2, 3, 4, 5}, {0.90 + shift, 0.95 + shift, 0.97 + shift, 0.98 + shift, 0.99 + shift}});
    }
    const std::string text = plot::line_text({"accuracy", "epoch", "accuracy"}, series, 78, 20);
    for (const auto& s : series) EXPECT_NE(text.find(s.title), std::string::npos) << s.title << "\n" << text;
}

TEST(Plot, MismatchedSeriesIsAnError) {
    EXPECT_THROW(plot::line_text({"t", "x", "y"}, {{"bad", {1, 2}, {1}}}), std::invalid_argument);
    EXPECT_THROW(plot::image_png("/tmp/x.png", Matrix(1, 10), 3, 3, "t"), std::invalid_argument);
}

TEST(Plot, DecisionBoundaryAsksThePredictorForTheWholeGrid) {
    const std::string path = (std::filesystem::temp_directory_path() /
                              ("neurona_boundary_" + std::to_string(::getpid()) + ".png")).string();
    const Matrix X{{0, 0}, {1, 1}, {0, 1}}, y{{0}, {1}, {1}};
    std::size_t asked = 0;
    // The plane is sampled 20 x 20 around X's range; the predictor sees every point at once.
    plot::decision_boundary_png(path, {"boundary", "x1", "x2"},
                                [&](const Matrix& grid) {
                                    asked = grid.rows();
                                    EXPECT_LT(grid.min(), 0);  // the range plus a margin
                                    EXPECT_GT(grid.max(), 1);
                                    return grid.apply([](Scalar v) { return v > 0.5f ? 1.0f : 0.0f; }).sum(1) / 2;
                                },
                                X, y, 20);
    EXPECT_EQ(asked, 400u);
    EXPECT_EQ(first_bytes(path, 8), std::string("\x89PNG\r\n\x1a\n", 8));
    std::filesystem::remove(path);
    EXPECT_THROW(plot::scatter_png(path, {"t", "x", "y"}, Matrix(3, 3), y), std::invalid_argument);
}

TEST(Plot, TextDrawingIsPlainText) {
    // No form feed from gnuplot's page handling, and an underscore stays an underscore
    // (no "enhanced" subscripts): val_loss is printed as written.
    const std::string text = plot::line_text({"val_loss", "epoch", "loss"}, {{"val_loss", {1, 2}, {2, 1}}});
    EXPECT_EQ(text.find('\f'), std::string::npos);
    EXPECT_NE(text.find("val_loss"), std::string::npos) << text;
}

TEST(Plot, LabelsMustBeClasses) {
    const Matrix X{{0, 0}, {1, 1}};
    EXPECT_THROW(plot::scatter_png("/tmp/never.png", {"t", "x", "y"}, X, Matrix{{0}, {-1}}), std::invalid_argument);
    EXPECT_THROW(plot::scatter_png("/tmp/never.png", {"t", "x", "y"}, X, Matrix{{0}, {0.5}}), std::invalid_argument);
}

TEST(Plot, ConfusionPngIsA760By700Picture) {
    const std::string path = (std::filesystem::temp_directory_path() /
                              ("neurona_confusion_" + std::to_string(::getpid()) + ".png")).string();
    plot::confusion_png(path, "confusion", {{50, 2, 0}, {1, 40, 9}, {0, 0, 48}}, {"cat", "dog's", "bird"});
    // A PNG's header chunk (IHDR) holds the width and the height, big-endian, at bytes 16 and 20.
    const std::string head = first_bytes(path, 24);
    ASSERT_EQ(head.size(), 24u);
    EXPECT_EQ(head.substr(0, 8), std::string("\x89PNG\r\n\x1a\n", 8));
    EXPECT_EQ(head.substr(16, 8), std::string("\0\0\x02\xf8\0\0\x02\xbc", 8));  // 760, 700
    std::filesystem::remove(path);
}

TEST(Plot, ConfusionPngNeedsOneNamePerClass) {
    EXPECT_THROW(plot::confusion_png("/tmp/never.png", "t", {{1, 2}, {3, 4}}, {"a"}), std::invalid_argument);
    EXPECT_THROW(plot::confusion_png("/tmp/never.png", "t", {{1, 2}}, {"a", "b"}), std::invalid_argument);
    EXPECT_FALSE(std::filesystem::exists("/tmp/never.png"));
}
