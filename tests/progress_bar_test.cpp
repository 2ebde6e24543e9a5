// Keras's progress line: the bar, the step counter and the time per step, drawn into a
// string stream (fit's own lines are checked in model_test.cpp and callbacks_test.cpp).
#include "neurona/progress_bar.hpp"

#include <gtest/gtest.h>

#include <sstream>

using namespace neurona;

TEST(ProgressBar, TimePerStepLikeKeras) {
    EXPECT_EQ(format_time_per_step(2.4), "2s/step");
    EXPECT_EQ(format_time_per_step(0.0014), "1ms/step");
    EXPECT_EQ(format_time_per_step(0.000853), "853us/step");
}

TEST(ProgressBar, AnEpochStoppedEarlyEndsWithTheStepsRunAsKerasDrawsThem) {
    // Keras: "%2d/16 [" (the step padded to the width of the total), then int(30 * 3 / 16) = 5
    // characters of bar, the last a '>' because 3 < 16, then 25 '.'.
    std::ostringstream out;
    ProgressBar(16, 1, out).finish(3, {{"loss", 0.5}});
    EXPECT_EQ(out.str().rfind(" 3/16 [====>.........................] - 0s ", 0), 0u) << out.str();
    EXPECT_NE(out.str().find("s/step - loss: 0.5000\n"), std::string::npos) << out.str();
    std::ostringstream all;
    ProgressBar(16, 1, all).finish({{"loss", 0.5}});  // every step: 30 '=', no '>'
    EXPECT_EQ(all.str().rfind("16/16 [==============================] - 0s ", 0), 0u) << all.str();
    std::ostringstream short_form;
    ProgressBar(16, 2, short_form).finish(3, {{"loss", 0.5}});
    EXPECT_EQ(short_form.str().rfind(" 3/16 - 0s - loss: 0.5000 - ", 0), 0u) << short_form.str();
}
