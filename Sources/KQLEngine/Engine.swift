public enum KQLEnginePlaceholder {}
