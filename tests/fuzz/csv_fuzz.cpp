// Fuzz harness: read_csv (src/neurona/data/csv.*). The input is one file, read three ways:
// with the defaults (a header, ','), with a metadata line skipped (as for scikit-learn's
// files) and without a header, ';'-separated. Properties checked beside "no crash": the
// table is (rows, names) with one name per column, and every value is finite, as documented.
#include <cmath>
#include <cstddef>
#include <cstdint>

#include "fuzz_support.hpp"
#include "neurona/data/csv.hpp"

namespace {

void check(const neurona::CsvTable& t) {
    FUZZ_CHECK(t.data.cols() == t.names.size());
    for (std::size_t i = 0; i < t.data.size(); ++i) FUZZ_CHECK(std::isfinite(t.data.data()[i]));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string path = fuzz::write_file("input.csv", data, size);
    fuzz::expect_only_documented_errors([&] { check(neurona::read_csv(path)); });
    fuzz::expect_only_documented_errors([&] { check(neurona::read_csv(path, {.skip_rows = 1})); });
    fuzz::expect_only_documented_errors(
        [&] { check(neurona::read_csv(path, {.delimiter = ';', .header = false})); });
    return 0;
}
