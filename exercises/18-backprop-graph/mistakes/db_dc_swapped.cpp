// Mistake: du/db = b and du/dc = c: each factor's own value instead of the other factor.
// Diagnóstico: dJ/db y dJ/dc están intercambiadas: la derivada de u = b c respecto de un factor es el otro factor, du/db = c y du/dc = b
// Diagnosis: dJ/db and dJ/dc are swapped: the derivative of u = b c with respect to one factor is the other factor, du/db = c and du/dc = b
#include <stdexcept>
#include <tuple>

namespace exercise {

// Three elementary boxes: a product, a sum, a scaling.
std::tuple<double, double, double> forward(double a, double b, double c) {
    const double u = b * c;
    const double v = a + u;
    const double J = 3 * v;
    return {u, v, J};
}

// The local derivatives, each box on its own:
//   J = 3 v    : dJ/dv = 3
//   v = a + u  : dv/da = 1, dv/du = 1    (a sum passes a change through unchanged)
//   u = b c    : du/db = c, du/dc = b    (a product's derivative is the other factor,
//                                         which is why the forward pass keeps b and c)
// Backward from dJ/dJ = 1, multiplying: dJ/du is computed once and shared by b and c.
std::tuple<double, double, double, double, double> backward(double a, double b, double c) {
    const double dJ_dv = 3;
    const double dv_da = 1, dv_du = 1;
    const double du_db = b, du_dc = c;  // The mistake: each factor's own value
    const double dJ_du = dJ_dv * dv_du;
    const double dJ_da = dJ_dv * dv_da;
    const double dJ_db = dJ_du * du_db;
    const double dJ_dc = dJ_du * du_dc;
    return {dJ_dv, dJ_du, dJ_da, dJ_db, dJ_dc};
}

}  // namespace exercise
