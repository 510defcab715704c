public enum QuarryIOPlaceholder {}
