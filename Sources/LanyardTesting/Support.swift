enum LanyardTestingPlaceholder {}
