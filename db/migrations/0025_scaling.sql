-- reserved for #18 scale-out; replaced by its migration
SELECT 1;
