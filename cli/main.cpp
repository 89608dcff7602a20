// Placeholder until the CLI lands (issue 5).
int main() { return 0; }
