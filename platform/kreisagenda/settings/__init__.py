"""Settings split: base (everything), local (demo/development), test, production."""
