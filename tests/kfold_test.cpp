#include "neurona/data/kfold.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <numeric>

using namespace neurona;

namespace {
// Every split: train and validation disjoint and together 0 .. n-1; the validation sets
// of all splits together are also 0 .. n-1, each row once.
void expect_partition(const std::vector<Fold>& folds, std::size_t n) {
    std::vector<std::size_t> every(n);
    std::iota(every.begin(), every.end(), std::size_t{0});
    std::vector<std::size_t> all_validation;
    for (const Fold& fold : folds) {
        std::vector<std::size_t> both = fold.train;
        both.insert(both.end(), fold.validation.begin(), fold.validation.end());
        std::sort(both.begin(), both.end());
        EXPECT_EQ(both, every);  // disjoint (no repeat) and covering
        EXPECT_TRUE(std::is_sorted(fold.train.begin(), fold.train.end()));
        all_validation.insert(all_validation.end(), fold.validation.begin(), fold.validation.end());
    }
    std::sort(all_validation.begin(), all_validation.end());
    EXPECT_EQ(all_validation, every);
}
}  // namespace

TEST(KFold, SizesAsSklearnFirstFoldsGetTheExtraRows) {
    // sklearn: KFold(3).split(range(10)) validates on [0..3], [4..6], [7..9].
    const auto folds = KFold(3).split(10);
    ASSERT_EQ(folds.size(), 3u);
    EXPECT_EQ(folds[0].validation, (std::vector<std::size_t>{0, 1, 2, 3}));
    EXPECT_EQ(folds[1].validation, (std::vector<std::size_t>{4, 5, 6}));
    EXPECT_EQ(folds[2].validation, (std::vector<std::size_t>{7, 8, 9}));
    EXPECT_EQ(folds[1].train, (std::vector<std::size_t>{0, 1, 2, 3, 7, 8, 9}));
    expect_partition(folds, 10);

    const auto five = KFold(5).split(23);  // 23 = 5 * 4 + 3: sizes 5, 5, 5, 4, 4
    const std::vector<std::size_t> sizes{5, 5, 5, 4, 4};
    for (std::size_t k = 0; k < 5; ++k) {
        EXPECT_EQ(five[k].validation.size(), sizes[k]);
        EXPECT_EQ(five[k].train.size(), 23 - sizes[k]);
    }
    expect_partition(five, 23);
}

TEST(KFold, ShuffledFoldsArePartitionsAndRepeatBySeed) {
    const auto a = KFold(4, true, 7).split(50);
    expect_partition(a, 50);
    const auto b = KFold(4, true, 7).split(50);
    for (std::size_t k = 0; k < 4; ++k) EXPECT_EQ(a[k].validation, b[k].validation);
    EXPECT_NE(a[0].validation, KFold(4).split(50)[0].validation);  // shuffled, not 0..12
    EXPECT_NE(a[0].validation, KFold(4, true, 8).split(50)[0].validation);
}

TEST(KFold, Errors) {
    EXPECT_THROW(KFold(1), std::invalid_argument);
    EXPECT_THROW(KFold(5).split(4), std::invalid_argument);
    EXPECT_NO_THROW(KFold(5).split(5));
}
