-- reserved for #20 boundary editing; replaced by its migration
SELECT 1;
