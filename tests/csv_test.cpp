// read_csv and read_sklearn_csv on small files written by the tests: the good cases and
// each error, whose message must name the file, the line and the column.
#include "neurona/data/csv.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <unistd.h>

using namespace neurona;

namespace {

class Csv : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = std::filesystem::temp_directory_path() /
               ("neurona_csv_test_" + std::to_string(::getpid()));
        std::filesystem::create_directories(dir_);
    }
    void TearDown() override { std::filesystem::remove_all(dir_); }

    // Writes `text` to a file of the test directory and returns its path.
    std::string write(const std::string& name, const std::string& text) {
        const std::string path = (dir_ / name).string();
        std::ofstream(path, std::ios::binary) << text;
        return path;
    }

    // The message of the std::runtime_error that f throws ("" and a failure if none).
    template <class F>
    std::string error_of(F&& f) {
        try {
            f();
        } catch (const std::runtime_error& e) {
            return e.what();
        }
        ADD_FAILURE() << "expected std::runtime_error";
        return "";
    }

    std::filesystem::path dir_;
};

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

TEST_F(Csv, ReadsNamedColumns) {
    const auto path = write("houses.csv", "\"RM\", LSTAT ,MEDV\r\n6.5,4.98,24\r\n\r\n6.4,9.14,21.6\r\n-1e-2,+3,.5\n");
    const CsvTable t = read_csv(path);
    ASSERT_EQ(t.names, (std::vector<std::string>{"RM", "LSTAT", "MEDV"}));
    EXPECT_EQ(t.rows(), 3u);
    EXPECT_EQ(t.cols(), 3u);
    EXPECT_TRUE(allclose(t.data, Matrix{{6.5, 4.98, 24}, {6.4, 9.14, 21.6}, {-0.01, 3, 0.5}}));
    EXPECT_TRUE(allclose(t.column("MEDV"), Matrix{{24}, {21.6}, {0.5}}));
    EXPECT_TRUE(allclose(t.columns({"MEDV", "RM"}), Matrix{{24, 6.5}, {21.6, 6.4}, {0.5, -0.01}}));
    EXPECT_TRUE(allclose(t.drop({"MEDV"}), Matrix{{6.5, 4.98}, {6.4, 9.14}, {-0.01, 3}}));
    EXPECT_EQ(t.names_without({"LSTAT"}), (std::vector<std::string>{"RM", "MEDV"}));
    EXPECT_EQ(t.index("LSTAT"), 1u);
}

TEST_F(Csv, UnknownColumnListsTheKnownOnes) {
    const CsvTable t = read_csv(write("t.csv", "a,b\n1,2\n"));
    for (auto call : {+[](const CsvTable& table) { table.column("c"); }, +[](const CsvTable& table) { table.drop({"c"}); },
                      +[](const CsvTable& table) { table.columns({"a", "c"}); }}) {
        try {
            call(t);
            ADD_FAILURE() << "expected std::invalid_argument";
        } catch (const std::invalid_argument& e) {
            EXPECT_TRUE(contains(e.what(), "no column 'c'")) << e.what();
            EXPECT_TRUE(contains(e.what(), "a, b")) << e.what();
        }
    }
}

TEST_F(Csv, SkipRowsDelimiterAndNoHeader) {
    const auto path = write("meta.csv", "2,2,,\nx;y;z\n1;2;3\n4;5;6\n");
    const CsvTable t = read_csv(path, {.delimiter = ';', .skip_rows = 1});
    EXPECT_EQ(t.names, (std::vector<std::string>{"x", "y", "z"}));
    EXPECT_TRUE(allclose(t.data, Matrix{{1, 2, 3}, {4, 5, 6}}));

    const auto bare = write("bare.csv", "1,2\n3,4\n");
    const CsvTable numbered = read_csv(bare, {.header = false});
    EXPECT_EQ(numbered.names, (std::vector<std::string>{"0", "1"}));
    EXPECT_TRUE(allclose(numbered.data, Matrix{{1, 2}, {3, 4}}));
    const CsvTable named = read_csv(bare, {.header = false, .names = {"x", "y"}});
    EXPECT_TRUE(allclose(named.column("y"), Matrix{{2}, {4}}));
    EXPECT_TRUE(contains(error_of([&] { read_csv(bare, {.header = false, .names = {"x"}}); }), "1 names"));
}

TEST_F(Csv, MissingFile) {
    const std::string path = (dir_ / "nowhere.csv").string();
    EXPECT_EQ(error_of([&] { read_csv(path); }), path + ": cannot open the CSV file");
}

TEST_F(Csv, MissingValueNamesFileLineAndColumn) {
    const auto path = write("gap.csv", "a,b,c\n1,2,3\n4,,6\n");
    EXPECT_EQ(error_of([&] { read_csv(path); }), path + ":3: column 'b': missing value (empty field)");
    const auto na = write("na.csv", "a,b\n1,NaN\n");
    EXPECT_EQ(error_of([&] { read_csv(na); }), na + ":2: column 'b': missing value ('NaN')");
}

TEST_F(Csv, NonNumberQuotesTheText) {
    const auto path = write("text.csv", "a,b\n1,2\n\n3,4x\n");  // the blank line still counts
    EXPECT_EQ(error_of([&] { read_csv(path); }), path + ":4: column 'b': not a finite number: '4x'");
    const auto inf = write("inf.csv", "a\ninf\n");
    EXPECT_TRUE(contains(error_of([&] { read_csv(inf); }), "not a finite number: 'inf'"));
}

TEST_F(Csv, RaggedRowSaysExpectedAndFound) {
    const auto path = write("ragged.csv", "a,b,c\n1,2,3\n4,5\n");
    EXPECT_EQ(error_of([&] { read_csv(path); }), path + ":3: expected 3 fields, found 2");
}

TEST_F(Csv, BadHeadersAndEmptyFiles) {
    EXPECT_TRUE(contains(error_of([&] { read_csv(write("dup.csv", "a,b,a\n1,2,3\n")); }), "names column 'a' twice"));
    EXPECT_TRUE(contains(error_of([&] { read_csv(write("meta2.csv", "3,2,,\na,b,c,d\n")); }), "skip_rows"));
    EXPECT_TRUE(contains(error_of([&] { read_csv(write("only_header.csv", "a,b\n")); }), "no data rows"));
    EXPECT_TRUE(contains(error_of([&] { read_csv(write("empty.csv", "")); }), "no header"));
}

// The layout of scikit-learn's iris.csv / wine_data.csv / breast_cancer.csv (no header) and
// of boston_house_prices.csv (a header), in miniature.
TEST_F(Csv, SklearnFormatWithoutHeader) {
    const auto path = write("iris.csv", "3,2,setosa,versicolor\n5.1,3.5,0\n4.9,3.0,0\n6.3,3.3,1\n");
    const SklearnCsv iris = read_sklearn_csv(path);
    EXPECT_EQ(iris.table.names, (std::vector<std::string>{"feature_0", "feature_1", "target"}));
    EXPECT_EQ(iris.target_names, (std::vector<std::string>{"setosa", "versicolor"}));
    EXPECT_TRUE(allclose(iris.table.column("target"), Matrix{{0}, {0}, {1}}));
    const SklearnCsv named = read_sklearn_csv(path, {"sepal length (cm)", "sepal width (cm)"});
    EXPECT_TRUE(allclose(named.table.column("sepal width (cm)"), Matrix{{3.5}, {3.0}, {3.3}}));
    EXPECT_TRUE(contains(error_of([&] { read_sklearn_csv(path, {"only one"}); }), "1 feature names"));
}

TEST_F(Csv, SklearnFormatWithHeader) {
    const auto path = write("boston.csv", "2,2,,\n\"CRIM\",\"ZN\",\"MEDV\"\n0.00632,18,24\n0.02731,0,21.6\n");
    const SklearnCsv boston = read_sklearn_csv(path);
    EXPECT_EQ(boston.table.names, (std::vector<std::string>{"CRIM", "ZN", "MEDV"}));
    EXPECT_TRUE(boston.target_names.empty());
    EXPECT_TRUE(allclose(boston.table.drop({"MEDV"}), Matrix{{0.00632, 18}, {0.02731, 0}}));
}

TEST_F(Csv, SklearnFormatChecksTheCounts) {
    EXPECT_TRUE(contains(error_of([&] { read_sklearn_csv(write("a.csv", "3,1\n1,0\n2,1\n")); }),
                         "announces 3 samples, but the file has 2 rows"));
    EXPECT_TRUE(contains(error_of([&] { read_sklearn_csv(write("b.csv", "1,2\n1,0\n")); }),
                         ":2: the metadata line announces 2 features (+ 1 target column), but the row has 2 fields"));
    EXPECT_TRUE(contains(error_of([&] { read_sklearn_csv(write("c.csv", "x,y\n1,0\n")); }), "sample count is 'x'"));
}

TEST(CsvNumbers, ANumberTooLargeForTheScalarIsRefused) {
    const std::string path = (std::filesystem::temp_directory_path() / "neurona_csv_overflow.csv").string();
    std::ofstream(path) << "a,b\n1,2\n3,1e39\n";
    if (sizeof(Scalar) == sizeof(float)) {
        try {
            read_csv(path);
            FAIL() << "1e39 read as a float";
        } catch (const std::runtime_error& e) {
            EXPECT_NE(std::string(e.what()).find("1e39"), std::string::npos) << e.what();
        }
    }
    std::filesystem::remove(path);
}
