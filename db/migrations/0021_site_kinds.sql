-- reserved for #20 site kinds; replaced by its migration
SELECT 1;
