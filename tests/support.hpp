// Helpers shared by the test files.
#pragma once

#include <gtest/gtest.h>

#include <string>

/// Runs f, which must throw E, and returns the exception's message (a test failure and ""
/// when nothing is thrown), so that a test can assert on what the message names.
template <class E, class F>
std::string message_of(F f) {
    try {
        f();
    } catch (const E& e) {
        return e.what();
    }
    ADD_FAILURE() << "no exception thrown";
    return "";
}
