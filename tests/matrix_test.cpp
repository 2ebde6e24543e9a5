#include "neurona/matrix.hpp"

#include <gtest/gtest.h>

#include <sstream>

using namespace neurona;

TEST(Matrix, FromNestedLists) {
    Matrix m{{1, 2, 3}, {4, 5, 6}};
    EXPECT_EQ(m.rows(), 2u);
    EXPECT_EQ(m.cols(), 3u);
    EXPECT_EQ(m.shape(), "(2, 3)");
    EXPECT_EQ(m(1, 2), 6);
    EXPECT_THROW((Matrix{{1, 2}, {3}}), std::invalid_argument);
}
