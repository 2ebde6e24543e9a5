// The window geometry of Conv2D and the pooling layers, against TensorFlow's rules worked out
// by hand: valid out = floor((in - k) / s) + 1; same out = ceil(in / s), pad before = total / 2.
#include <gtest/gtest.h>

#include <stdexcept>

#include "neurona/layers/window.hpp"

using namespace neurona;

TEST(Window, ValidShrinksByTheKernelLessOne) {
    WindowGeometry g = window_geometry({28, 28, 1}, {3, 3}, {1, 1}, Padding::valid, "conv2d");
    EXPECT_EQ(g.out_height, 26u);
    EXPECT_EQ(g.out_width, 26u);
    EXPECT_EQ(g.pad_top, 0u);
    // 2x2 pooling of the 26x26 maps: 13x13; of 11x11: 5x5 (the last row and column dropped).
    EXPECT_EQ(window_geometry({26, 26, 32}, {2, 2}, {2, 2}, Padding::valid, "pool").out_height, 13u);
    EXPECT_EQ(window_geometry({11, 11, 64}, {2, 2}, {2, 2}, Padding::valid, "pool").out_width, 5u);
    // (7 - 3) / 2 + 1 = 3 rows; (8 - 2) / 3 + 1 = 3 columns.
    WindowGeometry r = window_geometry({7, 8, 2}, {3, 2}, {2, 3}, Padding::valid, "conv2d");
    EXPECT_EQ(r.out_height, 3u);
    EXPECT_EQ(r.out_width, 3u);
}

TEST(Window, SamePadsAsTensorFlowWithTheExtraZeroAfter) {
    // Stride 1, k 3: out = in, one zero on each side.
    WindowGeometry g = window_geometry({5, 5, 1}, {3, 3}, {1, 1}, Padding::same, "conv2d");
    EXPECT_EQ(g.out_height, 5u);
    EXPECT_EQ(g.pad_top, 1u);
    EXPECT_EQ(g.pad_left, 1u);
    // in 5, k 4, s 2: out 3, total pad (3-1)*2+4-5 = 3: 1 before, 2 after.
    WindowGeometry h = window_geometry({5, 5, 1}, {4, 4}, {2, 2}, Padding::same, "conv2d");
    EXPECT_EQ(h.out_height, 3u);
    EXPECT_EQ(h.pad_top, 1u);
    // in 6, k 2, s 2: out 3, no pad needed.
    EXPECT_EQ(window_geometry({6, 6, 1}, {2, 2}, {2, 2}, Padding::same, "pool").pad_left, 0u);
    // in 5, k 2, s 2: out 3, total pad 1: 0 before, 1 after.
    WindowGeometry p = window_geometry({5, 5, 1}, {2, 2}, {2, 2}, Padding::same, "pool");
    EXPECT_EQ(p.out_width, 3u);
    EXPECT_EQ(p.pad_left, 0u);
    EXPECT_EQ(p.input_col(0, 0), 0);
    EXPECT_EQ(h.input_row(0, 0), -1);  // the first window starts in the padding
    EXPECT_EQ(h.input_row(2, 3), 6);   // and the last one ends past the image
}

TEST(Window, BadShapesAndSettingsSayWhatIsWrong) {
    try {
        window_geometry({28, 28}, {3, 3}, {1, 1}, Padding::valid, "conv2d (Conv2D)");
        FAIL() << "a 2-D input was accepted";
    } catch (const std::invalid_argument& e) {
        EXPECT_NE(std::string(e.what()).find("(None, 28, 28)"), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("Reshape({28, 28, 1})"), std::string::npos) << e.what();
    }
    EXPECT_THROW(window_geometry({2, 2, 1}, {3, 3}, {1, 1}, Padding::valid, "c"), std::invalid_argument);
    EXPECT_NO_THROW(window_geometry({2, 2, 1}, {3, 3}, {1, 1}, Padding::same, "c"));
    EXPECT_THROW(window_geometry({5, 5, 1}, {3, 3}, {0, 1}, Padding::valid, "c"), std::invalid_argument);
    EXPECT_THROW(window_geometry({5, 0, 1}, {3, 3}, {1, 1}, Padding::same, "c"), std::invalid_argument);
    EXPECT_THROW(parse_padding("full", "c"), std::invalid_argument);
    EXPECT_EQ(parse_padding("same", "c"), Padding::same);
    EXPECT_STREQ(padding_name(Padding::valid), "valid");
    EXPECT_EQ(size2d_from_setting(size2d_setting({3, 2}), "kernel_size"), Size2D(3, 2));
    EXPECT_THROW(size2d_from_setting({3}, "kernel_size"), std::invalid_argument);
}
