-- reserved for #19 roads; replaced by its migration
SELECT 1;
