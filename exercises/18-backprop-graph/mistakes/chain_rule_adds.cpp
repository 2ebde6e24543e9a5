// Mistake: the chain rule adds the local derivative to the gradient from above instead of multiplying.
// Diagnóstico: la regla de la cadena multiplica: dJ/db = dJ/du · du/db, no dJ/du + du/db
// Diagnosis: the chain rule multiplies: dJ/db = dJ/du · du/db, not dJ/du + du/db
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
    const double du_db = c, du_dc = b;
    const double dJ_du = dJ_dv * dv_du;
    const double dJ_da = dJ_dv * dv_da;
    const double dJ_db = dJ_du + du_db;  // The mistake: + instead of *
    const double dJ_dc = dJ_du + du_dc;
    return {dJ_dv, dJ_du, dJ_da, dJ_db, dJ_dc};
}

}  // namespace exercise
