/* N-body: the Sun and the four giant planets under Newtonian gravity, symplectic Euler steps,
   double precision. Prints the total energy before and after. size = steps in thousands (default 600).
   Built with -ffp-contract=off so no target fuses multiply-adds and every arch prints the same digits. */
#include <math.h>
#include "common.h"

#define NB 5
static const double PI = 3.141592653589793;
#define DAYS_PER_YEAR 365.24

typedef struct {
  double x[3], v[3], mass;
} body;

static double energy(const body *b) {
  double e = 0.0;
  for (int i = 0; i < NB; i++) {
    e += 0.5 * b[i].mass * (b[i].v[0] * b[i].v[0] + b[i].v[1] * b[i].v[1] + b[i].v[2] * b[i].v[2]);
    for (int j = i + 1; j < NB; j++) {
      double d[3];
      for (int k = 0; k < 3; k++) d[k] = b[i].x[k] - b[j].x[k];
      e -= b[i].mass * b[j].mass / sqrt(d[0] * d[0] + d[1] * d[1] + d[2] * d[2]);
    }
  }
  return e;
}

static void step(body *b, double dt) {
  for (int i = 0; i < NB; i++) {
    for (int j = i + 1; j < NB; j++) {
      double dx = b[i].x[0] - b[j].x[0], dy = b[i].x[1] - b[j].x[1], dz = b[i].x[2] - b[j].x[2];
      double r2 = dx * dx + dy * dy + dz * dz;
      double mag = dt / (r2 * sqrt(r2));
      double mi = b[i].mass * mag, mj = b[j].mass * mag;
      b[i].v[0] -= dx * mj; b[i].v[1] -= dy * mj; b[i].v[2] -= dz * mj;
      b[j].v[0] += dx * mi; b[j].v[1] += dy * mi; b[j].v[2] += dz * mi;
    }
  }
  for (int i = 0; i < NB; i++)
    for (int k = 0; k < 3; k++) b[i].x[k] += dt * b[i].v[k];
}

int main(int argc, char **argv) {
  long steps = bench_size(argc, argv, 600) * 1000;
  const double sm = 4 * PI * PI, dpy = DAYS_PER_YEAR;
  body b[NB] = {
    /* Sun */
    {{0, 0, 0}, {0, 0, 0}, sm},
    /* Jupiter, Saturn, Uranus, Neptune: position in AU, velocity in AU/day, mass in solar masses */
    {{4.84143144246472090e+00, -1.16032004402742839e+00, -1.03622044471123109e-01},
     {1.66007664274403694e-03 * dpy, 7.69901118419740425e-03 * dpy, -6.90460016972063023e-05 * dpy},
     9.54791938424326609e-04 * sm},
    {{8.34336671824457987e+00, 4.12479856412430479e+00, -4.03523417114321381e-01},
     {-2.76742510726862411e-03 * dpy, 4.99852801234917238e-03 * dpy, 2.30417297573763929e-05 * dpy},
     2.85885980666130812e-04 * sm},
    {{1.28943695621391310e+01, -1.51111514016986312e+01, -2.23307578892655734e-01},
     {2.96460137564761618e-03 * dpy, 2.37847173959480950e-03 * dpy, -2.96589568540237556e-05 * dpy},
     4.36624404335156298e-05 * sm},
    {{1.53796971148509165e+01, -2.59193146099879641e+01, 1.79258772950371181e-01},
     {2.68067772490389322e-03 * dpy, 1.62824170038242295e-03 * dpy, -9.51592254519715870e-05 * dpy},
     5.15138902046611451e-05 * sm},
  };
  /* move to the centre-of-momentum frame */
  double p[3] = {0, 0, 0};
  for (int i = 0; i < NB; i++)
    for (int k = 0; k < 3; k++) p[k] += b[i].v[k] * b[i].mass;
  for (int k = 0; k < 3; k++) b[0].v[k] = -p[k] / sm;
  double e0 = energy(b);
  for (long s = 0; s < steps; s++) step(b, 0.01);
  printf("nbody %ld %.9f %.9f\n", steps / 1000, e0, energy(b));
  return 0;
}
