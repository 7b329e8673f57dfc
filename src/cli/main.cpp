#include <cstdio>
#include "base/base.h"
int main() { std::puts(nansen::version().data()); }
